/**
 * NaN and overflow exactly as PyTorch's float32 (issue 10, item 1), on every backend, against
 * engine/testing/fixtures/exactness_a/nan.json (made by make_fixtures.py with real PyTorch):
 * relu passes NaN on in the elementwise kernel, the fused RNN and relu's backward; comparisons,
 * maximum/minimum and reductions propagate NaN as PyTorch does; products and sums overflow to inf
 * and then NaN exactly where float32 does, the small-matrix path included.
 */
import { expect } from 'vitest';
import { forEachBackend, readValues } from '../testing/backends.ts';
import type { RnnArgs } from '../testing/golden.ts';
import {
  decode, expectSameNumbers, fixtureTensor, FLOAT32_TOL, loadFixture, rnnFromFixture,
  type FixtureNumber, type FixtureTensor,
} from '../testing/pytorch_fixtures.ts';
import { torch } from '../index.ts';

interface RnnCase {
  name: string;
  args: RnnArgs;
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  grad_output: FixtureTensor;
  output: FixtureTensor;
  h_n: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}

interface Reduction {
  input: FixtureTensor;
  max: FixtureNumber;
  min: FixtureNumber;
  argmax: number;
  argmin: number;
  sum: FixtureNumber;
  mean: FixtureNumber;
}

interface NanFixture {
  unary: Record<string, FixtureTensor> & { input: FixtureTensor };
  relu_zero_signs: number[];
  unary_grads: Record<'relu' | 'tanh' | 'sigmoid', FixtureTensor>;
  relu_inf_grad: { input: FixtureTensor; grad_output: FixtureNumber[]; grad: FixtureTensor };
  binary: Record<string, FixtureTensor> & { a: FixtureTensor; b: FixtureTensor };
  reductions: Reduction[];
  along: Record<'input' | 'max1' | 'argmax1' | 'min0' | 'sum1' | 'mean0', FixtureTensor>;
  matmul: { a: FixtureTensor; b: FixtureTensor; out: FixtureTensor }[];
  dot: FixtureNumber;
  rnn: RnnCase[];
  clip: { bad: FixtureNumber; total: FixtureNumber; grad_a: FixtureTensor; grad_b: FixtureTensor }[];
  clip_value: { grad: FixtureNumber[]; clip_value: number; clipped: FixtureTensor };
}

const fx = loadFixture<NanFixture>('exactness_a', 'nan.json');
/**
 * Elementwise float32 functions: a few ulps on the CPU; WGSL allows exp 3 + 2|x| ulps (some 180
 * at x = 88) and may flush denormals to 0.
 */
const ELEMENTWISE = { atol: 1e-6, rtol: 2e-5 };

forEachBackend((b) => {
  const on = (t: FixtureTensor, requires_grad = false) => fixtureTensor(t, { device: b.device, requires_grad });

  b.it('unary kernels give PyTorch NaN, ±inf and signed-zero results (relu(NaN) = NaN, sign(NaN) = 0)', async () => {
    const x = on(fx.unary.input);
    const ops = ['relu', 'sign', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs', 'neg'] as const;
    for (const op of ops) expectSameNumbers(op, await x[op]().data(), fx.unary[op]!, ELEMENTWISE);
    const zeros = [...(await x.relu().data())].filter((v) => v === 0).map((v) => (Object.is(v, -0) ? -1 : 1));
    expect(zeros).toEqual(fx.relu_zero_signs);
  });

  b.it("relu, tanh and sigmoid backward pass NaN on as PyTorch's (relu' at NaN is 1)", async () => {
    for (const op of ['relu', 'tanh', 'sigmoid'] as const) {
      const x = on(fx.unary.input, true);
      x[op]().backward(torch.ones(x.shape, { device: b.device }));
      expectSameNumbers(`${op} grad`, await readValues(x.grad, `${op} grad`), fx.unary_grads[op], ELEMENTWISE);
    }
    const x = on(fx.relu_inf_grad.input, true);
    x.relu().backward(torch.tensor(fx.relu_inf_grad.grad_output.map(decode), { device: b.device }));
    expectSameNumbers('relu grad under an infinite upstream gradient', await readValues(x.grad, 'grad'), fx.relu_inf_grad.grad, ELEMENTWISE);
  });

  b.it('binary kernels: maximum/minimum propagate NaN, comparisons with NaN are false, pow follows C', async () => {
    const a = on(fx.binary.a);
    const c = on(fx.binary.b);
    const ops = ['maximum', 'minimum', 'add', 'mul', 'div', 'pow'] as const;
    for (const op of ops) expectSameNumbers(op, await a[op](c).data(), fx.binary[op]!, ELEMENTWISE);
    for (const op of ['gt', 'lt', 'ge', 'le', 'eq'] as const) expectSameNumbers(op, await a[op](c).data(), fx.binary[op]!, ELEMENTWISE);
  });

  b.it('reductions: max/min/argmax propagate NaN, sums overflow to inf and inf - inf is NaN', async () => {
    for (const r of fx.reductions) {
      const x = on(r.input);
      const what = JSON.stringify(r.input.data);
      expectSameNumbers(`max ${what}`, await x.max().data(), [r.max], FLOAT32_TOL);
      expectSameNumbers(`min ${what}`, await x.min().data(), [r.min], FLOAT32_TOL);
      expect(await x.argmax().item_async(), `argmax ${what}`).toBe(r.argmax);
      expect(await x.argmin().item_async(), `argmin ${what}`).toBe(r.argmin);
      expectSameNumbers(`sum ${what}`, await x.sum().data(), [r.sum], FLOAT32_TOL);
      expectSameNumbers(`mean ${what}`, await x.mean().data(), [r.mean], FLOAT32_TOL);
    }
    const x = on(fx.along.input);
    expectSameNumbers('max(1)', await x.max(1).values.data(), fx.along.max1, FLOAT32_TOL);
    expectSameNumbers('argmax(1)', await x.argmax(1).data(), fx.along.argmax1, FLOAT32_TOL);
    expectSameNumbers('min(0)', await x.min(0).values.data(), fx.along.min0, FLOAT32_TOL);
    expectSameNumbers('sum(1)', await x.sum(1).data(), fx.along.sum1, FLOAT32_TOL);
    expectSameNumbers('mean(0)', await x.mean(0).data(), fx.along.mean0, FLOAT32_TOL);
  });

  b.it('matrix products overflow in float32 (inf, and NaN from inf - inf) at every size', async () => {
    for (const m of fx.matmul) {
      expectSameNumbers(`matmul ${m.a.shape} x ${m.b.shape}`, await on(m.a).matmul(on(m.b)).data(), m.out, FLOAT32_TOL);
    }
    const dot = torch.tensor([1e20, 1e20], { device: b.device }).matmul(torch.tensor([1e20, -1e20], { device: b.device }));
    expectSameNumbers('dot', await dot.data(), [fx.dot], FLOAT32_TOL);
  });

  for (const c of fx.rnn) {
    b.it(`nn.RNN forward and backward, ${c.name}: NaN and inf where PyTorch (float32) has them`, async () => {
      const rnn = rnnFromFixture(c.args, c.state_dict, b.device);
      const x = on(c.input, true);
      const [output, h_n] = rnn.forward(x);
      output.mul(on(c.grad_output)).sum().backward();
      expectSameNumbers('output', await output.data(), c.output, FLOAT32_TOL);
      expectSameNumbers('h_n', await h_n.data(), c.h_n, FLOAT32_TOL);
      expectSameNumbers('grad input', await readValues(x.grad, 'grad input'), c.grads.input!, FLOAT32_TOL);
      for (const [name, p] of rnn.named_parameters()) {
        expectSameNumbers(`grad ${name}`, await readValues(p.grad, name), c.grads[name]!, FLOAT32_TOL);
      }
    });
  }

  b.it('clipping: clip_grad_norm_ with an infinite or NaN gradient, clip_grad_value_ with NaN, as PyTorch', async () => {
    for (const c of fx.clip) {
      const bad = decode(c.bad);
      const a = new torch.nn.Parameter(torch.tensor([1, 2], { device: b.device }));
      const p = new torch.nn.Parameter(torch.tensor([3, bad], { device: b.device }));
      a.grad = torch.tensor([0.5, -0.5], { device: b.device });
      p.grad = torch.tensor([bad, 1], { device: b.device });
      const total = torch.nn.utils.clip_grad_norm_([a, p], 1);
      expectSameNumbers(`total (${c.bad})`, await total.data(), [c.total], FLOAT32_TOL);
      expectSameNumbers(`grad a (${c.bad})`, await readValues(a.grad, 'a'), c.grad_a, FLOAT32_TOL);
      expectSameNumbers(`grad b (${c.bad})`, await readValues(p.grad, 'b'), c.grad_b, FLOAT32_TOL);
    }
    const v = fx.clip_value;
    const p = new torch.nn.Parameter(torch.zeros([v.grad.length], { device: b.device }));
    p.grad = torch.tensor(v.grad.map(decode), { device: b.device });
    torch.nn.utils.clip_grad_value_([p], v.clip_value);
    expectSameNumbers('clip_grad_value_ (NaN stays NaN)', await readValues(p.grad, 'grad'), v.clipped, FLOAT32_TOL);
  });
});

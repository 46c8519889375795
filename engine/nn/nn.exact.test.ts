/**
 * torch.nn pieces against PyTorch (testing/fixtures/exactness_b/nn.json), on every backend:
 * Sequential, Module.requires_grad_, RNN.flatten_parameters, nn.init (seeded ones bit-exact,
 * orthogonal_ to float tolerance), calculate_gain, clip_grad_norm_ / clip_grad_value_, and
 * Embedding's padding_idx, max_norm, norm_type and scale_grad_by_freq.
 */
import { describe, expect } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { expectTensorClose, fixtureTensor, loadFixture } from '../testing/fixtures.ts';
import { expectClose, TOL, type GoldenTensor } from '../testing/golden.ts';

interface NnFixture {
  sequential: { state_dict: Record<string, GoldenTensor>; input: GoldenTensor; output: GoldenTensor; grads: Record<string, GoldenTensor> };
  requires_grad: { seed: number; input: GoldenTensor; output: GoldenTensor; requires_grad: Record<string, boolean>; grads: Record<string, GoldenTensor | null> };
  init: { name: string; shape: number[]; seed: number; generator_seed: number | null; values: GoldenTensor }[];
  orthogonal: { shape: number[]; gain: number; seed: number; values: GoldenTensor }[];
  gains: Record<string, number>;
  clip: {
    grads_in: GoldenTensor[];
    cases: { norm_type: number; max_norm: number; total: number; grads: GoldenTensor[] }[];
    single: { total: number; grad: GoldenTensor };
  };
  clip_value: { grad_in: GoldenTensor; clip_value: number; grad: GoldenTensor };
  zero_grad: Record<string, { is_none: boolean; same_tensor: boolean; grad: GoldenTensor | null }>;
  embedding: {
    name: string; options: Record<string, number | boolean>; seed: number; ids: number[][];
    init_weight: GoldenTensor; output: GoldenTensor; grad_seed: GoldenTensor; weight_after: GoldenTensor; grad: GoldenTensor;
  }[];
}

const fx = loadFixture<NnFixture>('exactness_b', 'nn');
const init = torch.nn.init;

/** The initialiser of each fixture case, called as PyTorch code would call it. */
const INITS: Record<string, (w: torch.Tensor, g: torch.Generator | null) => torch.Tensor> = {
  uniform_: (w) => init.uniform_(w, -0.3, 0.7),
  normal_small: (w) => init.normal_(w, 0.5, 2.0),
  normal_large: (w) => init.normal_(w, { mean: 0.0, std: 0.02 }),
  xavier_uniform_: (w) => init.xavier_uniform_(w),
  xavier_uniform_gain: (w) => init.xavier_uniform_(w, { gain: init.calculate_gain('tanh') }),
  xavier_normal_: (w) => init.xavier_normal_(w, 0.5),
  kaiming_uniform_: (w) => init.kaiming_uniform_(w),
  kaiming_uniform_linear: (w) => init.kaiming_uniform_(w, { a: Math.sqrt(5) }),
  kaiming_uniform_fan_out_relu: (w) => init.kaiming_uniform_(w, { mode: 'fan_out', nonlinearity: 'relu' }),
  kaiming_normal_: (w) => init.kaiming_normal_(w, 0.1, 'fan_in', 'leaky_relu'),
  kaiming_normal_fan_out: (w) => init.kaiming_normal_(w, { mode: 'fan_out', nonlinearity: 'tanh' }),
  eye_: (w) => init.eye_(w),
  zeros_: (w) => init.zeros_(w),
  ones_: (w) => init.ones_(w),
  constant_: (w) => init.constant_(w, 0.25),
  xavier_uniform_generator: (w, g) => init.xavier_uniform_(w, { generator: g! }),
  kaiming_normal_generator: (w, g) => init.kaiming_normal_(w, { nonlinearity: 'relu', generator: g! }),
};

class Net extends torch.nn.Module {
  rnn = new torch.nn.RNN(3, 4);
  head = new torch.nn.Linear(4, 2);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.head.forward(this.rnn.forward(x)[0]);
  }
}

forEachBackend(({ it, device }) => {
  const t = (g: GoldenTensor, requires_grad = false) => fixtureTensor(g, device, requires_grad);
  const close = expectTensorClose;
  const exact = async (what: string, x: torch.Tensor, ref: GoldenTensor) => {
    expect(x.shape, what).toEqual(ref.shape);
    expect(Array.from(await x.data()), what).toEqual(ref.data.map(Math.fround));
  };

  it('Sequential chains its modules with PyTorch names and values', async () => {
    const c = fx.sequential;
    const seq = new torch.nn.Sequential(new torch.nn.Linear(3, 5), new torch.nn.Linear(5, 2)).to(device);
    expect(Object.keys(seq.state_dict())).toEqual(Object.keys(c.state_dict));
    expect(seq.length).toBe(2);
    seq.load_state_dict(c.state_dict);
    const y = seq.forward(t(c.input));
    await close('output', y, c.output);
    y.sum().backward();
    for (const [name, p] of seq.named_parameters()) await close(name, p.grad, c.grads[name]!, TOL.grad);
  });

  it('requires_grad_(false) freezes a submodule; flatten_parameters changes nothing', async () => {
    const c = fx.requires_grad;
    torch.manual_seed(c.seed);
    const net = new Net().to(device);
    net.rnn.requires_grad_(false);
    net.rnn.flatten_parameters();
    const y = net.forward(t(c.input));
    await close('output', y, c.output);
    y.pow(2).mean().backward();
    for (const [name, p] of net.named_parameters()) {
      expect(p.requires_grad, name).toBe(c.requires_grad[name]);
      const ref = c.grads[name];
      if (ref === null) expect(p.grad, name).toBeNull();
      else await close(name, p.grad, ref!, TOL.grad);
    }
  });

  describe('nn.init writes PyTorch\'s values bit for bit after the same seed', () => {
    for (const c of fx.init) {
      it(c.name, async () => {
        torch.manual_seed(c.seed);
        const w = torch.zeros(c.shape, { device });
        const g = c.generator_seed === null ? null : new torch.Generator().manual_seed(c.generator_seed);
        expect(INITS[c.name]!(w, g)).toBe(w);
        await exact(c.name, w, c.values);
      });
    }
    it('orthogonal_ matches PyTorch to float tolerance (tall, wide, 3-D, gain)', async () => {
      for (const c of fx.orthogonal) {
        torch.manual_seed(c.seed);
        const w = init.orthogonal_(torch.zeros(c.shape, { device }), c.gain);
        await close(`orthogonal_ ${c.shape.join('x')}`, w, c.values, { atol: 1e-5, rtol: 1e-4 });
      }
    });
    it('calculate_gain', () => {
      for (const [name, gain] of Object.entries(fx.gains)) {
        const [nonlinearity, param] = name.startsWith('leaky_relu_') ? ['leaky_relu', Number(name.slice(11))] : [name, null];
        expect(init.calculate_gain(nonlinearity as torch.nn.init.Nonlinearity, param), name).toBe(gain);
      }
    });
  });

  describe('clip_grad_norm_ for every norm type, and clip_grad_value_', () => {
    for (const c of fx.clip.cases) {
      it(`clip_grad_norm_(max_norm=${c.max_norm}, norm_type=${c.norm_type})`, async () => {
        const params = fx.clip.grads_in.map((g) => {
          const p = new torch.nn.Parameter(torch.zeros(g.shape, { device }));
          p.grad = t(g);
          return p;
        });
        const total = torch.nn.utils.clip_grad_norm_(params, c.max_norm, c.norm_type);
        expectClose('total', [await total.item_async()], { data: [c.total] }, TOL.forward);
        for (const [i, p] of params.entries()) await close(`grad ${i}`, p.grad, c.grads[i]!);
      });
    }
    it('clip_grad_norm_ takes a single tensor', async () => {
      const p = new torch.nn.Parameter(torch.zeros([4], { device }));
      p.grad = t(fx.clip.grads_in[1]!);
      const total = torch.nn.utils.clip_grad_norm_(p, 1.0);
      expectClose('total', [await total.item_async()], { data: [fx.clip.single.total] }, TOL.forward);
      await close('grad', p.grad, fx.clip.single.grad);
    });
    it('clip_grad_value_ clamps each element (NaN stays NaN)', async () => {
      const p = new torch.nn.Parameter(torch.zeros(fx.clip_value.grad_in.shape, { device }));
      const grad = [...fx.clip_value.grad_in.data];
      grad[0] = NaN;
      p.grad = torch.tensor(grad, { shape: fx.clip_value.grad_in.shape, device });
      torch.nn.utils.clip_grad_value_([p], fx.clip_value.clip_value);
      await close('grad', p.grad, fx.clip_value.grad);
    });
  });

  describe('zero_grad: set_to_none=True by default (PyTorch 2.x), zeros in place without it', () => {
    for (const owner of ['optimizer', 'module'] as const) {
      for (const setToNone of [undefined, true, false]) {
        it(`${owner}.zero_grad(${setToNone ?? ''})`, async () => {
          const ref = fx.zero_grad[`${owner}_${setToNone ?? true}`]!;
          const lin = new torch.nn.Linear(2, 1).to(device);
          lin.forward(torch.ones([1, 2], { device })).sum().backward();
          const held = lin.weight.grad;
          const zero = (flag?: boolean) => (owner === 'optimizer' ? new torch.optim.SGD(lin.parameters(), { lr: 0.1 }).zero_grad(flag) : lin.zero_grad(flag));
          zero(setToNone);
          expect(lin.weight.grad === null).toBe(ref.is_none);
          expect(lin.weight.grad === held).toBe(ref.same_tensor);
          if (ref.grad !== null) await close('grad', lin.weight.grad, ref.grad);
        });
      }
    }
  });

  describe('Embedding options as PyTorch', () => {
    for (const c of fx.embedding) {
      it(c.name, async () => {
        torch.manual_seed(c.seed);
        const emb = new torch.nn.Embedding(6, 3, c.options).to(device);
        await exact('init weight', emb.weight, c.init_weight);
        const out = emb.forward(torch.tensor(c.ids, { dtype: 'int64', device }));
        await close('output', out, c.output);
        out.backward(t(c.grad_seed));
        await close('weight after forward', emb.weight, c.weight_after);
        await close('grad', emb.weight.grad, c.grad, TOL.grad);
      });
    }
  });
});

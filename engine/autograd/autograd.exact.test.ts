/**
 * Autograd edge cases exactly as PyTorch (issue 10, item 4), on every backend, against
 * engine/testing/fixtures/exactness_a/autograd.json (made by make_fixtures.py with real PyTorch):
 * nn.RNN's output and h_n are distinct tensors, tied Parameters count once, in-place changes to
 * saved tensors raise PyTorch's error, `.grad` owns its storage and accumulates in place, a graph
 * that saved nothing may run backward twice, PyTorch's gradient rules at ties and zeros, and
 * assigning a plain tensor over a Parameter is PyTorch's TypeError.
 */
import { expect } from 'vitest';
import { forEachBackend, readValues } from '../testing/backends.ts';
import { TOL } from '../testing/golden.ts';
import {
  expectSameNumbers, fixtureTensor, FLOAT32_TOL, loadFixture, rnnFromFixture,
  type FixtureError, type FixtureTensor,
} from '../testing/pytorch_fixtures.ts';
import { torch } from '../index.ts';

interface OutputsCase {
  num_layers: number;
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  grad_output: FixtureTensor;
  grad_h_n: FixtureTensor;
  output_grad: FixtureTensor;
  hook_grad: FixtureTensor;
  h_n_grad: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}

interface TiedCase {
  named_parameters: string[];
  parameters_count: number;
  state_dict_keys: string[];
  state_dict: Record<string, FixtureTensor>;
  ids: number[][];
  target: number[][];
  lr: number;
  max_norm: number;
  losses: number[];
  grad_norms: number[];
  final_state_dict: Record<string, FixtureTensor>;
}

interface RuleCase {
  inputs: FixtureTensor[];
  output: FixtureTensor;
  grads: (FixtureTensor | null)[];
}

interface AutogradFixture {
  rnn_outputs: OutputsCase[];
  tied: TiedCase;
  version_errors: Record<'saved_output' | 'saved_leaf' | 'saved_weight' | 'rnn_weight_hh', FixtureError> & {
    unsaved_weight_grad: FixtureTensor;
  };
  grad_storage: {
    g: number[];
    grad_after_first: FixtureTensor;
    held_after_second: FixtureTensor;
    same_object: boolean;
    leaf_seed: number[];
    leaf_grad: FixtureTensor;
  };
  backward_twice: { ok: Record<'add_reshape_expand_sum' | 'cat_sum', FixtureTensor>; error: FixtureError };
  rules: Record<string, RuleCase> & { repeated_dims: Record<'sum' | 'sum_negative' | 'mean', FixtureError> };
  parameter_assign: Record<'tensor' | 'number' | 'long_tensor', FixtureError> & {
    after_none: { named_parameters: string[]; state_dict_keys: string[] };
  };
}

const fx = loadFixture<AutogradFixture>('exactness_a', 'autograd.json');

/**
 * The message up to PyTorch's closing hint, which names PyTorch's anomaly mode (the engine's hint
 * differs), with the tensor type as PyTorch would print it for a CPU tensor ('torch.FloatTensor';
 * off the CPU the engine says 'torch.webgpu.FloatTensor', as PyTorch says 'torch.cuda.FloatTensor').
 */
function beforeHint(message: string): string {
  return message.split(' Hint:')[0]!.replace('torch.webgpu.', 'torch.');
}

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Embedding and output projection sharing one weight, as fixtures' TiedLM. */
class TiedLM extends torch.nn.Module {
  emb = new torch.nn.Embedding(5, 4);
  rnn = new torch.nn.RNN(4, 4);
  out = new torch.nn.Linear(4, 5);
  constructor() {
    super();
    this.out.weight = this.emb.weight;
  }
  override forward(ids: torch.Tensor): torch.Tensor {
    const [h] = this.rnn.forward(this.emb.forward(ids));
    return this.out.forward(h);
  }
}

/** The engine's side of each gradient rule the fixture records. */
const RULES: Record<string, (...xs: torch.Tensor[]) => torch.Tensor> = {
  max_ties: (x) => x.max(),
  min_ties: (x) => x.min(),
  max_nan: (x) => x.max(),
  max_dim_ties: (x) => x.max(1).values,
  min_dim_ties: (x) => x.min(0).values,
  pow0: (x) => x.pow(0),
  pow_tensor_exp0: (x, e) => x.pow(e!),
  zero_base_exponent_grad: (x, e) => x.pow(e!),
  pow_half_at_zero: (x) => x.pow(0.5),
  sum_dim_empty: (x) => x.sum([]),
  sum_dim_empty_keepdim: (x) => x.sum([], true),
  mean_dim_empty: (x) => x.mean([]),
  mean_dim_empty_keepdim: (x) => x.mean([], true),
  sum_dims: (x) => x.sum([0, 2]),
};

forEachBackend((b) => {
  const on = (t: FixtureTensor, requires_grad = false) => fixtureTensor(t, { device: b.device, requires_grad });

  for (const c of fx.rnn_outputs) {
    b.it(`nn.RNN (${c.num_layers} layer): hooks and retain_grad on output see only output's gradient, not h_n's`, async () => {
      const rnn = rnnFromFixture(
        { input_size: 3, hidden_size: 4, num_layers: c.num_layers, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0, bidirectional: false },
        c.state_dict,
        b.device,
      );
      const [output, h_n] = rnn.forward(on(c.input));
      expect(output).not.toBe(h_n);
      output.retain_grad();
      h_n.retain_grad();
      const seen: torch.Tensor[] = [];
      output.register_hook((g) => void seen.push(g));
      output.mul(on(c.grad_output)).sum().add(h_n.mul(on(c.grad_h_n)).sum()).backward();
      expectSameNumbers('output.grad', await readValues(output.grad, 'output.grad'), c.output_grad, TOL.grad);
      expectSameNumbers('hook on output', await readValues(seen[0], 'hook gradient'), c.hook_grad, TOL.grad);
      expectSameNumbers('h_n.grad', await readValues(h_n.grad, 'h_n.grad'), c.h_n_grad, TOL.grad);
      for (const [name, p] of rnn.named_parameters()) {
        expectSameNumbers(`grad ${name}`, await readValues(p.grad, name), c.grads[name]!, TOL.grad);
      }
    });
  }

  b.it('tied weights: listed once by parameters(), under both names in state_dict, updated and clipped once', async () => {
    const c = fx.tied;
    const model = new TiedLM();
    expect(model.named_parameters().map(([name]) => name)).toEqual(c.named_parameters);
    expect(model.parameters()).toHaveLength(c.parameters_count);
    expect(Object.keys(model.state_dict())).toEqual(c.state_dict_keys);
    const weights: Record<string, torch.Tensor> = {};
    for (const [key, t] of Object.entries(c.state_dict)) weights[key] = fixtureTensor(t);
    model.load_state_dict(weights);
    model.to(b.device);
    const ids = torch.tensor(c.ids, { dtype: 'int64', device: b.device });
    const target = torch.tensor(c.target, { dtype: 'int64', device: b.device }).reshape([-1]);
    const opt = new torch.optim.SGD(model.parameters(), { lr: c.lr });
    const losses: number[] = [];
    const norms: number[] = [];
    for (let step = 0; step < c.losses.length; step++) {
      opt.zero_grad();
      const loss = torch.nn.functional.cross_entropy(model.forward(ids).reshape([-1, 5]), target);
      loss.backward();
      norms.push(await torch.nn.utils.clip_grad_norm_(model.parameters(), c.max_norm).item_async());
      losses.push(await loss.item_async());
      opt.step();
    }
    expectSameNumbers('losses', losses, c.losses, TOL.train);
    expectSameNumbers('grad norms', norms, c.grad_norms, TOL.train);
    const final = model.state_dict();
    for (const [key, t] of Object.entries(c.final_state_dict)) {
      expectSameNumbers(`final ${key}`, await final[key]!.data(), t, TOL.train);
    }
  });

  b.it("modifying a saved tensor in place raises PyTorch's error; an unsaved one does not", async () => {
    const errors = fx.version_errors;
    const x = torch.tensor([[1, 2], [3, 4]], { requires_grad: true, device: b.device });
    const y = x.exp();
    const z = y.sum();
    torch.no_grad(() => y.add_(1));
    expect(beforeHint(thrown(() => z.backward()).message)).toBe(beforeHint(errors.saved_output.message));

    const w = torch.tensor([1, 2], { requires_grad: true, device: b.device });
    const a = torch.tensor([3, 4], { device: b.device });
    const loss = w.mul(a).sum();
    a.add_(1);
    expect(beforeHint(thrown(() => loss.backward()).message)).toBe(beforeHint(errors.saved_leaf.message));

    const xin = torch.ones([4, 3], { requires_grad: true, device: b.device });
    const wt = torch.ones([3, 2], { requires_grad: true, device: b.device });
    const product = xin.matmul(wt).sum();
    torch.no_grad(() => wt.mul_(2));
    expect(beforeHint(thrown(() => product.backward()).message)).toBe(beforeHint(errors.saved_weight.message));

    // Only the weight requires grad: the product saved x alone, so changing the weight is fine.
    const wt2 = torch.ones([3, 2], { requires_grad: true, device: b.device });
    const product2 = torch.ones([4, 3], { device: b.device }).matmul(wt2).sum();
    torch.no_grad(() => wt2.mul_(2));
    product2.backward();
    expectSameNumbers('grad', await readValues(wt2.grad, 'grad'), errors.unsaved_weight_grad, FLOAT32_TOL);
  });

  b.it("an RNN weight updated between forward and backward raises PyTorch's error", () => {
    // PyTorch saves W_hh through a flattened view (its message then names AsStridedBackward0 and
    // versions 1 and 2); the engine saves the Parameter itself. Same tensor, same refusal.
    const rnn = new torch.nn.RNN(3, 4).to(b.device);
    const [out] = rnn.forward(torch.randn([5, 2, 3], { device: b.device }));
    const [, weightHh] = rnn.layerParameters(0, 0);
    torch.no_grad(() => weightHh.add_(1));
    const message = thrown(() => out.sum().backward()).message;
    const expected = fx.version_errors.rnn_weight_hh.message;
    const upToShape = (m: string) => beforeHint(m).slice(0, beforeHint(m).indexOf(']]') + 2);
    expect(upToShape(message)).toBe(upToShape(expected));
    expect(message).toMatch(/is at version \d+; expected version \d+ instead\./);
  });

  b.it('.grad never aliases the caller\'s gradient, and later gradients accumulate into the same tensor', async () => {
    const c = fx.grad_storage;
    const x = torch.tensor([[1, 2], [3, 4]], { requires_grad: true, device: b.device });
    const g = torch.tensor(c.g, { device: b.device });
    x.reshape([4]).backward(g);
    torch.no_grad(() => g.mul_(10));
    expectSameNumbers('x.grad after the caller changed its gradient', await readValues(x.grad, 'grad'), c.grad_after_first, FLOAT32_TOL);
    const held = x.grad!;
    x.mul(3).sum().backward();
    expect(held === x.grad).toBe(c.same_object);
    expectSameNumbers('the held .grad after a second backward', await held.data(), c.held_after_second, FLOAT32_TOL);

    const leaf = torch.tensor([1, -1], { requires_grad: true, device: b.device });
    const seed = torch.tensor(c.leaf_seed, { device: b.device });
    leaf.backward(seed);
    seed.add_(100);
    expectSameNumbers('a leaf seeded directly', await readValues(leaf.grad, 'grad'), c.leaf_grad, FLOAT32_TOL);
  });

  b.it('backward twice through a graph that saved no tensors runs; through one that did, PyTorch\'s error', async () => {
    const c = fx.backward_twice;
    const x = torch.tensor([1, 2, 3], { requires_grad: true, device: b.device });
    const y = x.add(1).reshape([3, 1]).expand([3, 2]).sum();
    y.backward();
    y.backward();
    expectSameNumbers('add, reshape, expand, sum', await readValues(x.grad, 'grad'), c.ok.add_reshape_expand_sum, FLOAT32_TOL);
    x.grad = null;
    const z = torch.cat([x, x]).sum();
    z.backward();
    z.backward();
    expectSameNumbers('cat, sum', await readValues(x.grad, 'grad'), c.ok.cat_sum, FLOAT32_TOL);
    const w = x.exp().sum();
    w.backward();
    expect(thrown(() => w.backward()).message).toBe(c.error.message);
  });

  for (const [name, fn] of Object.entries(RULES)) {
    b.it(`gradient rule ${name} as PyTorch's`, async () => {
      const c = fx.rules[name]!;
      const leaves = c.inputs.map((t) => on(t, true));
      const y = fn(...leaves);
      expect(y.shape).toEqual(c.output.shape);
      expectSameNumbers('output', await y.data(), c.output, FLOAT32_TOL);
      y.backward(torch.ones(y.shape, { device: b.device }));
      for (let i = 0; i < leaves.length; i++) {
        expectSameNumbers(`grad ${i}`, await readValues(leaves[i]!.grad, `grad ${i}`), c.grads[i]!, FLOAT32_TOL);
      }
    });
  }

  b.it('a dim listed twice in a reduction raises PyTorch\'s error', () => {
    const t = torch.zeros([2, 3, 4], { device: b.device });
    const c = fx.rules.repeated_dims;
    expect(thrown(() => t.sum([1, 1])).message).toBe(c.sum.message);
    expect(thrown(() => t.sum([0, -3])).message).toBe(c.sum_negative.message);
    expect(thrown(() => t.mean([2, -1])).message).toBe(c.mean.message);
  });

  b.it("assigning a non-Parameter over a registered Parameter is PyTorch's TypeError; null removes it", () => {
    const c = fx.parameter_assign;
    const m = new torch.nn.Linear(3, 2).to(b.device);
    const slot = m as unknown as Record<string, unknown>;
    const tensorError = thrown(() => (slot.weight = torch.zeros([2, 3])));
    expect(tensorError).toBeInstanceOf(TypeError);
    // A CPU float tensor is 'torch.FloatTensor' in PyTorch's words.
    expect(tensorError.message).toBe(c.tensor.message);
    expect(thrown(() => (slot.weight = 3)).message).toBe(c.number.message);
    expect(thrown(() => (slot.bias = torch.zeros([2], { dtype: 'int64' }))).message).toBe(c.long_tensor.message);
    expect(m.parameters()).toHaveLength(2);
    slot.weight = null;
    expect(m.named_parameters().map(([name]) => name)).toEqual(c.after_none.named_parameters);
    expect(Object.keys(m.state_dict())).toEqual(c.after_none.state_dict_keys);
  });
});

/**
 * No option is silently ignored: the keyword-argument binding every engine function shares
 * (`options.ts`), an unknown key rejected by each function that takes options, and the errors
 * PyTorch raises for bad arguments, in PyTorch's words (testing/fixtures/exactness_b/errors.json).
 */
import { describe, expect, it } from 'vitest';
import { torch } from './index.ts';
import { bindArgs, parseOptions } from './options.ts';
import { loadFixture } from './testing/fixtures.ts';

const { errors } = loadFixture<{ errors: Record<string, { type: string; message: string }> }>('exactness_b', 'errors');
const F = torch.nn.functional;
const long = (data: torch.NestedArray) => torch.tensor(data, { dtype: 'int64' });
const param = (grad?: number[]) => {
  const p = new torch.nn.Parameter(torch.ones([2]));
  if (grad) p.grad = torch.tensor(grad);
  return p;
};

describe('keyword binding (options.ts)', () => {
  it('binds positional values in order, then keywords, each defaulting', () => {
    expect(bindArgs('f', { a: 1, b: 2, c: 3 }, [10, { c: 30 }])).toEqual({ a: 10, b: 2, c: 30 });
    expect(bindArgs('f', { a: 1, b: 2 }, [undefined, 5])).toEqual({ a: 1, b: 5 });
    expect(parseOptions('f', { a: 1 }, undefined)).toEqual({ a: 1 });
  });
  it("rejects what Python rejects, in Python's words", () => {
    expect(() => bindArgs('f', { a: 1 }, [{ b: 2 }])).toThrow("f() got an unexpected keyword argument 'b' (its keyword arguments are: a)");
    expect(() => bindArgs('f', { a: 1 }, [1, { a: 2 }])).toThrow("f() got multiple values for argument 'a'");
    expect(() => bindArgs('f', { a: 1 }, [1, 2])).toThrow('f() takes at most 1 optional positional arguments (a) but 2 were given');
    expect(() => bindArgs('f', { a: 1 }, [{ a: 'x' }])).toThrow("f(): argument 'a' must be a number, not str");
    expect(() => parseOptions('f', { a: 1 }, [1] as never)).toThrow('f() expected its options as a plain object { ... }, got list');
  });
});

describe('every function that takes options rejects an unknown one', () => {
  const x = () => torch.randn([2, 3]);
  const opt = () => new torch.optim.SGD([param()], { lr: 0.1 });
  const calls: Record<string, () => unknown> = {
    'torch.add': () => torch.add(x(), 1, { bogus: 1 } as never),
    'Tensor.sub_': () => torch.zeros([2]).sub_(1, { bogus: 1 } as never),
    'torch.tensor': () => torch.tensor([1], { bogus: 1 } as never),
    'torch.zeros': () => torch.zeros([1], { bogus: 1 } as never),
    'torch.full_like': () => torch.full_like(x(), 1, { bogus: 1 } as never),
    'torch.arange': () => torch.arange(0, 3, 1, { bogus: 1 } as never),
    'torch.randn': () => torch.randn([2], { bogus: 1 } as never),
    'Tensor.backward': () => x().sum().backward(undefined, { bogus: 1 } as never),
    'autograd.grad': () => torch.autograd.grad(x().sum(), [x()], null, { bogus: 1 } as never),
    'F.mse_loss': () => F.mse_loss(x(), x(), { bogus: 1 } as never),
    'F.cross_entropy': () => F.cross_entropy(x(), long([0, 1]), { bogus: 1 } as never),
    'F.nll_loss': () => F.nll_loss(x(), long([0, 1]), { bogus: 1 } as never),
    'F.binary_cross_entropy_with_logits': () => F.binary_cross_entropy_with_logits(x(), x(), { bogus: 1 } as never),
    'F.embedding': () => F.embedding(long([0]), x(), { bogus: 1 } as never),
    'nn.CrossEntropyLoss': () => new torch.nn.CrossEntropyLoss({ bogus: 1 } as never),
    'nn.NLLLoss': () => new torch.nn.NLLLoss({ bogus: 1 } as never),
    'nn.MSELoss': () => new torch.nn.MSELoss({ bogus: 1 } as never),
    'nn.BCEWithLogitsLoss': () => new torch.nn.BCEWithLogitsLoss({ bogus: 1 } as never),
    'nn.Embedding': () => new torch.nn.Embedding(3, 2, { bogus: 1 } as never),
    'nn.Linear': () => new torch.nn.Linear(3, 2, { bogus: 1 } as never),
    'nn.RNN': () => new torch.nn.RNN(3, 2, { bogus: 1 } as never),
    'nn.RNNCell': () => new torch.nn.RNNCell(3, 2, { bogus: 1 } as never),
    'Module.load_state_dict': () => new torch.nn.Linear(1, 1).load_state_dict({}, { bogus: 1 } as never),
    'nn.init.normal_': () => torch.nn.init.normal_(x(), { bogus: 1 } as never),
    'nn.init.kaiming_uniform_': () => torch.nn.init.kaiming_uniform_(x(), { bogus: 1 } as never),
    'nn.init.orthogonal_': () => torch.nn.init.orthogonal_(x(), { bogus: 1 } as never),
    'nn.utils.clip_grad_norm_': () => torch.nn.utils.clip_grad_norm_([param([1, 1])], 1, { bogus: 1 } as never),
    'nn.utils.rnn.pack_padded_sequence': () => torch.nn.utils.rnn.pack_padded_sequence(torch.zeros([2, 1, 1]), [2], { bogus: 1 } as never),
    'nn.utils.rnn.pad_sequence': () => torch.nn.utils.rnn.pad_sequence([torch.zeros([2])], { bogus: 1 } as never),
    'optim.SGD': () => new torch.optim.SGD([param()], { bogus: 1 } as never),
    'optim.Adam': () => new torch.optim.Adam([param()], { bogus: 1 } as never),
    'optim.AdamW': () => new torch.optim.AdamW([param()], { bogus: 1 } as never),
    'optim.RMSprop': () => new torch.optim.RMSprop([param()], { bogus: 1 } as never),
    'lr_scheduler.StepLR': () => new torch.optim.lr_scheduler.StepLR(opt(), { step_size: 2, bogus: 1 } as never),
    'lr_scheduler.ReduceLROnPlateau': () => new torch.optim.lr_scheduler.ReduceLROnPlateau(opt(), { bogus: 1 } as never),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(name, () => expect(call).toThrow("got an unexpected keyword argument 'bogus'"));
  }
  it('a dtype the engine does not have is an error, not float32 in disguise', () => {
    expect(() => torch.zeros([2], { dtype: 'float64' as never })).toThrow("zeros(): dtype must be one of 'float32', 'int64', 'bool'");
  });
  it('unsupported PyTorch options say so', () => {
    expect(() => torch.autograd.grad(x().sum(), [x()], null, { create_graph: true })).toThrow('create_graph=True');
    expect(() => new torch.nn.Embedding(3, 2, { sparse: true })).toThrow('sparse=True');
    const p = param([1, 1]);
    expect(() => torch.nn.utils.clip_grad_norm_([p], 1, { error_if_nonfinite: true })).not.toThrow();
  });
});

/** The engine call that must raise each PyTorch error of the fixture. */
const RAISERS: Record<string, () => unknown> = {
  ce_unknown_keyword: () => F.cross_entropy(torch.randn([2, 3]), long([0, 1]), { foo: 1 } as never),
  nll_unknown_keyword: () => F.nll_loss(torch.randn([2, 3]), long([0, 1]), { smoothing: 0.1 } as never),
  sub_unknown_keyword: () => torch.sub(torch.ones([2]), torch.ones([2]), { alfa: 2 } as never),
  label_smoothing_range: () => F.cross_entropy(torch.randn([2, 3]), long([0, 1]), { label_smoothing: 1.5 }),
  probs_ignore_index: () => F.cross_entropy(torch.randn([2, 3]), torch.rand([2, 3]), { ignore_index: 0 }),
  batch_mismatch: () => F.cross_entropy(torch.randn([3, 4]), long([0, 1])),
  target_size: () => F.cross_entropy(torch.randn([2, 3, 4]), torch.zeros([2, 5], { dtype: 'int64' })),
  weight_size: () => F.cross_entropy(torch.randn([2, 3]), long([0, 1]), { weight: torch.ones([2]) }),
  target_out_of_bounds: () => F.cross_entropy(torch.randn([2, 3]), long([0, 5])),
  bce_size: () => F.binary_cross_entropy_with_logits(torch.randn([3]), torch.rand([2])),
  one_hot_dtype: () => F.one_hot(torch.tensor([1])),
  one_hot_too_big: () => F.one_hot(long([3]), 2),
  one_hot_negative: () => F.one_hot(long([-1]), 2),
  one_hot_empty: () => F.one_hot(torch.zeros([0], { dtype: 'int64' })),
  clamp_no_bounds: () => torch.clamp(torch.randn([2])),
  gather_out_of_bounds: () => torch.gather(torch.randn([2, 3]), 1, long([[5], [0]])),
  kaiming_mode: () => torch.nn.init.kaiming_uniform_(torch.zeros([2, 2]), { mode: 'fan_avg' as never }),
  gain_unsupported: () => torch.nn.init.calculate_gain('gelu' as never),
  fan_1d: () => torch.nn.init.xavier_uniform_(torch.zeros([3])),
  orthogonal_1d: () => torch.nn.init.orthogonal_(torch.zeros([3])),
  eye_3d: () => torch.nn.init.eye_(torch.zeros([3, 3, 3])),
  clip_nonfinite_2: () => torch.nn.utils.clip_grad_norm_([param([Infinity, 1])], 1.0, { error_if_nonfinite: true }),
  clip_nonfinite_inf: () => torch.nn.utils.clip_grad_norm_([param([Infinity, 1])], 1.0, { norm_type: Infinity, error_if_nonfinite: true }),
  grad_unused: () => {
    const [a, b] = [torch.ones([2], { requires_grad: true }), torch.ones([2], { requires_grad: true })];
    return torch.autograd.grad(a.sum(), [a, b]);
  },
  grad_no_requires_grad: () => torch.autograd.grad(torch.ones([2], { requires_grad: true }).sum(), [torch.ones([2])]),
  optimizer_unknown_keyword: () => new torch.optim.Adam([param()], { foo: 1 } as never),
  optimizer_lr: () => new torch.optim.SGD([param()], { lr: -0.5 }),
  optimizer_tensor_params: () => new torch.optim.SGD(param() as never, { lr: 0.1 }),
  duplicate_group: () => {
    const p = param();
    return new torch.optim.SGD([p], { lr: 0.1 }).add_param_group({ params: [p] });
  },
  padding_idx: () => new torch.nn.Embedding(5, 2, { padding_idx: 5 }),
  plateau_factor: () => new torch.optim.lr_scheduler.ReduceLROnPlateau(new torch.optim.SGD([param()], { lr: 0.1 }), { factor: 1.0 }),
  lambda_count: () => new torch.optim.lr_scheduler.LambdaLR(new torch.optim.SGD([param()], { lr: 0.1 }), [() => 1, () => 1]),
};

describe("bad arguments raise PyTorch's message", () => {
  it('every recorded PyTorch error has an engine counterpart', () => {
    expect(Object.keys(RAISERS).sort()).toEqual(Object.keys(errors).sort());
  });
  for (const [name, { message }] of Object.entries(errors)) {
    // Python names a constructor `Adam.__init__()`; the engine's messages call it `Adam()`.
    it(name, () => expect(RAISERS[name]!).toThrow(message.replace('.__init__()', '()')));
  }
});

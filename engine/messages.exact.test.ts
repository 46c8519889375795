/**
 * Error messages in PyTorch's words (issue 10, item 7), against
 * engine/testing/fixtures/exactness_a/messages.json (made by make_fixtures.py with real PyTorch):
 * shapes printed the way PyTorch prints them in each message (`torch.Size([3, 2])` from Python,
 * `(1, 2, 4)` where it formats a tuple, `[2, 3]` from C++), and load_state_dict's missing keys
 * before its unexpected ones. Shape checks run before any kernel, so one backend (the CPU) covers them.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, type FixtureError } from './testing/pytorch_fixtures.ts';
import { torch } from './index.ts';

type Messages = Record<string, FixtureError>;

const fx = loadFixture<Messages>('exactness_a', 'messages.json');
const F = torch.nn.functional;
const r = (shape: number[]) => torch.zeros(shape);

/** The engine's side of each recorded PyTorch error. */
const CASES: Record<string, () => unknown> = {
  backward_shape: () => torch.randn([2, 3], { requires_grad: true }).mul(2).backward(torch.ones([3, 2])),
  load_state_dict: () =>
    new torch.nn.Linear(3, 2).load_state_dict({ weight: r([3, 3]), extra: r([1]), extra2: r([1]) }),
  load_state_dict_size: () => new torch.nn.Linear(3, 2).load_state_dict({ weight: r([3, 3]), bias: r([2]) }),
  load_state_dict_nonstrict_size: () => new torch.nn.Linear(3, 2).load_state_dict({ weight: r([1]) }, { strict: false }),
  rnn_hidden: () => new torch.nn.RNN(3, 4).forward(r([5, 2, 3]), r([1, 3, 4])),
  rnn_hidden_bi: () => new torch.nn.RNN(3, 4, { num_layers: 2, bidirectional: true }).forward(r([5, 2, 3]), r([1, 2, 4])),
  rnn_hidden_batch_first: () => new torch.nn.RNN(3, 4, { batch_first: true }).forward(r([2, 5, 3]), r([1, 5, 4])),
  rnn_hidden_unbatched: () => new torch.nn.RNN(3, 4).forward(r([5, 3]), r([2, 4])),
  rnn_hidden_packed: () =>
    new torch.nn.RNN(3, 4).forward(torch.nn.utils.rnn.pack_sequence([r([3, 3]), r([2, 3])]), r([1, 3, 4])),
  rnncell_hidden: () => new torch.nn.RNNCell(3, 4).forward(r([2, 3]), r([2, 5])),
  rnncell_batch: () => new torch.nn.RNNCell(3, 4).forward(r([2, 3]), r([3, 4])),
  reshape: () => r([2, 3]).reshape([4, 2]),
  view_infer: () => r([2, 3]).view([-1, 4]),
  select: () => r([2, 3]).select(1, 5),
  expand: () => r([2, 3]).expand([4, 3]),
  stack: () => torch.stack([r([2, 3]), r([3, 2])]),
  cat: () => torch.cat([r([2, 3]), r([3, 2])]),
  broadcast: () => r([2, 3]).add(r([4, 3])),
  negative_size: () => torch.zeros([2, -1]),
  mm: () => r([2, 3]).mm(r([4, 5])),
  matmul_3d_2d: () => r([2, 3, 4]).matmul(r([5, 6])),
  matmul_4d_4d: () => r([2, 2, 3, 4]).matmul(r([2, 2, 5, 6])),
  matmul_batch_broadcast: () => r([2, 3, 4]).matmul(r([3, 5, 6])),
  matmul_2d_1d: () => r([2, 3]).matmul(r([4])),
  matmul_3d_1d: () => r([2, 3, 4]).matmul(r([5])),
  linear: () => F.linear(r([2, 3]), r([4, 5])),
  dot: () => r([3]).matmul(r([4])),
  narrow: () => r([2, 3]).narrow(1, 2, 3),
  permute_repeated: () => r([2, 3]).permute([0, 0]),
  index_select_matrix_index: () => r([3]).index_select(0, torch.tensor([[0]], { dtype: 'int64' })),
};

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

describe("error messages read like PyTorch's", () => {
  it('covers every recorded message', () => {
    const recorded = Object.keys(fx).filter((k) => k !== 'torch_version');
    expect(Object.keys(CASES).sort()).toEqual(recorded.sort());
  });
  for (const [name, fn] of Object.entries(CASES)) {
    it(name, () => {
      expect(messageOf(fn)).toBe(fx[name]!.message);
    });
  }
});

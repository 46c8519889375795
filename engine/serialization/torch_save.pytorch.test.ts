/**
 * The other direction: files the engine writes (torch.save, safetensors.save), loaded by real
 * PyTorch with `torch.load(path, weights_only=True)` (and the reference safetensors reader) in
 * fixtures/serialization/check_saved.py, must hold exactly the values the engine saved, with
 * Python's types: tuples, int keys, big ints, shared storages, Parameters. A saved RNN state_dict
 * must load into `nn.RNN` and give the engine's outputs. Needs Python with torch; skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safetensors, torch } from '../index.ts';
import { FIXTURES, torchPython, type Encoded } from '../testing/serialization.ts';

const tuple = torch.serialization.tuple;

/** What reference.py's `encode` prints for a value the engine saved (the engine's own reading of Python types). */
function encode(v: unknown): Encoded {
  if (v instanceof torch.Tensor) {
    const stored = v.dtype === 'float32' ? 'float32' : v.dtype;
    const data = Array.from(v.toFloat32Array(), (x) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x));
    const leaf = v.requires_grad && v.is_leaf;
    return { __tensor__: { dtype: stored, shape: [...v.shape], data, requires_grad: leaf, parameter: v instanceof torch.nn.Parameter } };
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : { __int__: String(v) };
  if (typeof v === 'number') return Number.isNaN(v) ? { __float__: 'nan' } : Number.isFinite(v) ? v : { __float__: v > 0 ? 'inf' : '-inf' };
  if (Array.isArray(v)) return Object.isFrozen(v) ? { __tuple__: v.map(encode) } : v.map(encode);
  if (v instanceof Map) return { __dict__: [...v.entries()].map(([k, x]) => [encode(k), encode(x)]) };
  return { __dict__: Object.entries(v as object).map(([k, x]) => [/^(0|[1-9]\d*)$/.test(k) ? Number(k) : k, encode(x)]) };
}

interface Checked {
  weights_only?: true | string;
  aligned?: boolean;
  shared?: string[][];
  metadata?: Record<string, string> | null;
  value: Encoded;
  rnn_output?: number[];
}

const RNN_ARGS = { input_size: 3, hidden_size: 4, num_layers: 2, bidirectional: true };

function build() {
  torch.manual_seed(7);
  const rnn = new torch.nn.RNN(RNN_ARGS.input_size, RNN_ARGS.hidden_size, { num_layers: RNN_ARGS.num_layers, bidirectional: RNN_ARGS.bidirectional });
  const input = torch.randn([5, 2, 3]);
  const optimizer = new torch.optim.Adam(rnn.parameters(), { lr: 0.01 });
  for (let i = 0; i < 2; i++) {
    optimizer.zero_grad();
    rnn.forward(input)[0].pow(2).mean().backward();
    optimizer.step();
  }
  const shared = torch.tensor([[1, 2, 3], [4, 5, 6]]);
  const many: Record<string, torch.Tensor> = {};
  for (let i = 0; i < 1100; i++) many[`layer${i}.weight`] = torch.tensor([i, -i / 4]);
  const saved: Record<string, unknown> = {
    'rnn_state.pt': rnn.state_dict(),
    'checkpoint.pt': {
      model: rnn.state_dict(),
      optimizer: optimizer.state_dict(),
      epoch: 12,
      lr: 0.01,
      name: 'run-ß✓',
      flags: tuple(true, false, null),
      big: 2n ** 70n,
      neg_big: -(2n ** 65n),
      ints: [1, -300, 70000, -(2 ** 31), 2 ** 31, 2 ** 53 - 1],
      floats: [0.5, -0, NaN, Infinity, -Infinity, 1e300],
      map: new Map<torch.serialization.PyKey, unknown>([[3, 'three'], [1, 'one'], ['10', 10], [tuple(1, 2), 'pair']]),
      nested: { a: [1, { b: 2.5 }], t: tuple(1, tuple(2, 3), [4]), long_tuple: tuple(1, 2, 3, 4, 5) },
      empty: {},
      empty_list: [],
    },
    'dtypes.pt': {
      f32: torch.tensor([-0, Infinity, NaN, 1e-45, 3.4e38, 0.1]),
      i64: torch.tensor([0, -5, 2 ** 24, 123456], { dtype: 'int64' }),
      mask: torch.tensor([1, 0, 1], { dtype: 'bool' }),
      scalar: torch.tensor(2.5),
      int_scalar: torch.tensor(-9, { dtype: 'int64' }),
      empty: torch.zeros([0]),
      empty_3d: torch.zeros([2, 0, 3]),
    },
    'shared.pt': { a: shared, b: shared, c: shared.reshape([6]), d: torch.tensor([[1, 2, 3], [4, 5, 6]]) },
    'params.pt': { p: new torch.nn.Parameter(torch.tensor([[0.5, -1]])), frozen: new torch.nn.Parameter(torch.tensor([3]), false), leaf: torch.tensor([1, 2], { requires_grad: true }) },
    'many.pt': { tensors: many, list: Array.from({ length: 2500 }, (_, i) => i * 3) },
  };
  const st: Record<string, [Record<string, torch.Tensor>, Record<string, string> | undefined]> = {
    'rnn_state.safetensors': [rnn.state_dict(), { format: 'pt' }],
    'dtypes.safetensors': [{ f32: torch.tensor([-0, Infinity, NaN, 0.1]), i64: torch.tensor([7, -8], { dtype: 'int64' }), mask: torch.tensor([0, 1], { dtype: 'bool' }), scalar: torch.tensor(1.5), empty: torch.zeros([2, 0]), '0': torch.tensor([1]) }, undefined],
  };
  const output = rnn.forward(input)[0];
  return { saved, st, input, output };
}

describe.skipIf(torchPython === undefined)(`files the engine writes, loaded by real PyTorch (${torchPython ?? 'no python3 with torch: skipped'})`, () => {
  const made = build();
  const dir = mkdtempSync(join(tmpdir(), 'engine-saved-'));
  let checked: { torch_version: string; files: Record<string, Checked> };

  beforeAll(() => {
    for (const [name, value] of Object.entries(made.saved)) writeFileSync(join(dir, name), torch.save(value));
    for (const [name, [tensors, metadata]] of Object.entries(made.st)) writeFileSync(join(dir, name), safetensors.save(tensors, metadata));
    writeFileSync(join(dir, 'rnn_state.rnn.json'), JSON.stringify({ args: RNN_ARGS, input: made.input.tolist() }));
    const out = execFileSync(torchPython!, [join(FIXTURES, 'check_saved.py'), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    checked = JSON.parse(out);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(made.saved))('%s: PyTorch loads exactly the saved values, with weights_only=True', (name) => {
    const c = checked.files[name]!;
    expect(c.value).toEqual(encode(made.saved[name]));
    expect(c.aligned).toBe(true);
    // PyTorch 1.13 cannot read Python floats with weights_only=True at all; 2.x must read everything.
    const hasFloats = name === 'checkpoint.pt';
    expect(c.weights_only).toBe(hasFloats && checked.torch_version < '2' ? 'no BINFLOAT in this PyTorch' : true);
  });

  it.each(Object.keys(made.st))('%s: the reference reader loads exactly the saved tensors and metadata', (name) => {
    const [tensors, metadata] = made.st[name]!;
    const c = checked.files[name]!;
    expect(c.metadata).toEqual(metadata ?? null);
    const byName = new Map((c.value as { __dict__: [string, Encoded][] }).__dict__);
    expect([...byName.keys()].sort()).toEqual(Object.keys(tensors).sort());
    for (const [k, t] of Object.entries(tensors)) expect(byName.get(k), k).toEqual(encode(t));
  });

  it('keeps storages shared: one storage for a tensor saved twice and its reshape', () => {
    expect(checked.files['shared.pt']!.shared).toEqual([['a', 'b', 'c']]);
  });

  it('a saved RNN state_dict loads into nn.RNN (strict) and gives the engine its outputs', () => {
    const expected = Array.from(made.output.toFloat32Array());
    for (const name of ['rnn_state.pt', 'rnn_state.safetensors']) {
      const py = checked.files[name]!.rnn_output!;
      expect(py).toHaveLength(expected.length);
      py.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
    }
  });
});

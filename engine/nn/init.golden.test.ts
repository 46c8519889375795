/** Seeded default initialisation equals PyTorch's, bit for bit (golden/init). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { loadGolden, type InitCase, type RandomCase } from '../testing/golden.ts';

function build(c: InitCase): torch.nn.Module {
  const a = c.args as {
    in_features: number; out_features: number; input_size: number; hidden_size: number;
    bias?: boolean; nonlinearity?: 'tanh' | 'relu'; num_layers?: number; bidirectional?: boolean;
  };
  if (c.module === 'Linear') return new torch.nn.Linear(a.in_features, a.out_features, { bias: a.bias ?? true });
  if (c.module === 'RNNCell') return new torch.nn.RNNCell(a.input_size, a.hidden_size, { bias: a.bias ?? true, nonlinearity: a.nonlinearity ?? 'tanh' });
  const { input_size, hidden_size, in_features: _i, out_features: _o, ...options } = a;
  return new torch.nn.RNN(input_size, hidden_size, options);
}

describe('manual_seed + default init reproduce PyTorch exactly', () => {
  for (const c of loadGolden<InitCase>('init/init_')) {
    it(c.name, () => {
      torch.manual_seed(c.seed);
      const state = build(c).state_dict();
      expect(Object.keys(state)).toEqual(Object.keys(c.state_dict));
      for (const [name, ref] of Object.entries(c.state_dict)) {
        expect(state[name]!.shape).toEqual(ref.shape);
        expect(Array.from(state[name]!.toFloat32Array())).toEqual(ref.data.map(Math.fround));
      }
    });
  }
});

describe('torch.rand / torch.randn reproduce PyTorch streams exactly', () => {
  for (const c of [...loadGolden<RandomCase>('init/rand_'), ...loadGolden<RandomCase>('init/randn_')]) {
    it(c.name, () => {
      torch.manual_seed(c.seed);
      const t = c.kind === 'rand' ? torch.rand([c.size]) : torch.randn([c.size]);
      expect(Array.from(t.toFloat32Array())).toEqual(c.data.map(Math.fround));
    });
  }
});

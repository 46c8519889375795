/** Seeded default initialisation of the gated layers equals PyTorch's, bit for bit (fixtures/gates/init.json). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { gatedCases, gatedModule, type GatedInitCase } from '../testing/gated_fixtures.ts';

describe('manual_seed + default init of LSTM, GRU, LSTMCell, GRUCell reproduce PyTorch exactly', () => {
  for (const c of gatedCases<GatedInitCase>('init')) {
    it(c.name, () => {
      torch.manual_seed(c.seed);
      const state = gatedModule(c.module, c.args).state_dict();
      expect(Object.keys(state)).toEqual(Object.keys(c.state_dict));
      for (const [name, ref] of Object.entries(c.state_dict)) {
        expect(state[name]!.shape, name).toEqual(ref.shape);
        expect(Array.from(state[name]!.toFloat32Array()), name).toEqual(ref.data.map(Math.fround));
      }
    });
  }
});

describe('gated layers refuse bad arguments in PyTorch words', () => {
  it('proj_size must be smaller than hidden_size', () => {
    expect(() => new torch.nn.LSTM(3, 4, { proj_size: 4 })).toThrow(/proj_size has to be smaller than hidden_size/);
  });
  it('GRU takes no proj_size', () => {
    expect(() => new torch.nn.GRU(3, 4, { proj_size: 2 } as torch.nn.GRUOptions)).toThrow(/unexpected keyword argument 'proj_size'/);
  });
  it('h_0 and c_0 must match the layer', () => {
    const lstm = new torch.nn.LSTM(3, 4, { num_layers: 2 });
    const x = torch.zeros([5, 2, 3]);
    expect(() => lstm.forward(x, [torch.zeros([2, 2, 4]), torch.zeros([1, 2, 4])])).toThrow('Expected hidden[1] size (2, 2, 4), got [1, 2, 4]');
    expect(() => lstm.forward(x, [torch.zeros([2, 4]), torch.zeros([2, 4])])).toThrow(
      'For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors',
    );
    expect(() => new torch.nn.GRU(3, 4).forward(x, torch.zeros([1, 3, 4]))).toThrow('Expected hidden size (1, 2, 4), got [1, 3, 4]');
  });
  it('the input must have input_size features and rank 2 or 3', () => {
    expect(() => new torch.nn.GRU(3, 4).forward(torch.zeros([5, 2, 2]))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 2');
    expect(() => new torch.nn.LSTM(3, 4).forward(torch.zeros([3]))).toThrow('LSTM: Expected input to be 2D or 3D, got 1D instead');
    expect(() => new torch.nn.GRUCell(3, 4).forward(torch.zeros([2, 3]), torch.zeros([3, 4]))).toThrow(
      "Input batch size 2 doesn't match hidden0 batch size 3",
    );
  });
});

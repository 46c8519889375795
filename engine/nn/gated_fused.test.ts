/**
 * nn.LSTM and nn.GRU run as one fused op per layer and direction, as nn.RNN: the graph behind
 * their outputs does not grow with the sequence length.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { graphSize } from '../testing/graph.ts';

describe('fused nn.LSTM and nn.GRU', () => {
  it('LSTM records one node per layer and direction, whatever the sequence length', () => {
    const lstm = new torch.nn.LSTM(3, 8, { num_layers: 2, bidirectional: true, proj_size: 4 });
    const nodes = (T: number) => {
      const [out, [h_n, c_n]] = lstm.forward(torch.randn([T, 4, 3]));
      return graphSize(out.sum().add(h_n.sum()).add(c_n.sum()));
    };
    expect(nodes(200)).toBe(nodes(5));
    const [out] = lstm.forward(torch.randn([5, 4, 3]));
    expect(out.grad_fn!.inputs.map((t) => t.grad_fn?.inputs[0]?.grad_fn?.op)).toEqual(['LstmLayerBackward', 'LstmLayerBackward']);
  });

  it('GRU records one node per layer and direction, whatever the sequence length', () => {
    const gru = new torch.nn.GRU(3, 8, { num_layers: 2, bidirectional: true });
    const nodes = (T: number) => {
      const [out, h_n] = gru.forward(torch.randn([T, 4, 3]));
      return graphSize(out.sum().add(h_n.sum()));
    };
    expect(nodes(200)).toBe(nodes(5));
    const [out] = gru.forward(torch.randn([5, 4, 3]));
    expect(out.grad_fn!.inputs.map((t) => t.grad_fn?.op)).toEqual(['GruLayerBackward', 'GruLayerBackward']);
  });

  it('a cell step is a single fused node', () => {
    const [h, c] = new torch.nn.LSTMCell(3, 8).forward(torch.randn([4, 3]));
    expect(graphSize(h.add(c))).toBeLessThanOrEqual(6);
    expect(graphSize(new torch.nn.GRUCell(3, 8).forward(torch.randn([4, 3])))).toBeLessThanOrEqual(3);
  });

  it('no graph and no saved gates in no_grad', () => {
    const [out, [h_n]] = torch.no_grad(() => new torch.nn.LSTM(3, 8).forward(torch.randn([5, 2, 3])));
    expect(out.grad_fn).toBeNull();
    expect(h_n.requires_grad).toBe(false);
  });
});

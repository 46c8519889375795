/**
 * nn.RNN runs as one fused op per layer and direction (the cuDNN way): the graph behind its
 * output does not grow with the sequence length, unlike a loop of RNNCell steps built from ops.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { graphSize } from '../testing/graph.ts';

describe('fused nn.RNN', () => {
  it('records one node per layer and direction, whatever the sequence length', () => {
    const rnn = new torch.nn.RNN(3, 8, { num_layers: 2, bidirectional: true });
    const nodes = (T: number) => {
      const [out, h_n] = rnn.forward(torch.randn([T, 4, 3]));
      return graphSize(out.sum().add(h_n.sum()));
    };
    const short = nodes(5);
    expect(nodes(200)).toBe(short);
    const fused = (t: torch.Tensor) => t.grad_fn?.op;
    const [out] = rnn.forward(torch.randn([5, 4, 3]));
    expect(fused(out)).toBe('CatBackward0');
    expect(out.grad_fn!.inputs.map(fused)).toEqual(['RnnLayerBackward', 'RnnLayerBackward']);
  });

  it('an RNNCell step is a single fused node too', () => {
    const cell = new torch.nn.RNNCell(3, 8);
    const h = cell.forward(torch.randn([4, 3]), torch.zeros([4, 8]));
    expect(graphSize(h)).toBeLessThanOrEqual(3);
  });
});

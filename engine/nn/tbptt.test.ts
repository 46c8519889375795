/**
 * Truncated backpropagation through time, the PyTorch way: carrying `h_n.detach()` into the next
 * chunk cuts the graph, so neither the graph nor memory grows with the number of chunks.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { graphSize } from '../testing/graph.ts';

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (vite.config.ts sets it for the engine project)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('truncated BPTT', () => {
  it('keeps the graph and memory flat over 1,000 chunks when h_n is detached', () => {
    torch.manual_seed(0);
    const rnn = new torch.nn.RNN(4, 16, { num_layers: 2 });
    const head = new torch.nn.Linear(16, 4);
    const optimizer = new torch.optim.SGD([...rnn.parameters(), ...head.parameters()], { lr: 0.01 });
    let h = torch.zeros([2, 3, 16]);
    const sizes: number[] = [];
    let heapAt100 = 0;
    for (let chunk = 0; chunk < 1000; chunk++) {
      const x = torch.randn([5, 3, 4]);
      optimizer.zero_grad();
      const [out, h_n] = rnn.forward(x, h);
      const loss = torch.nn.functional.mse_loss(head.forward(out), x);
      sizes.push(graphSize(loss));
      loss.backward();
      optimizer.step();
      h = h_n.detach();
      if (chunk === 100) heapAt100 = heapAfterGc();
    }
    expect(new Set(sizes).size).toBe(1);
    expect(h.grad_fn).toBeNull();
    const growth = heapAfterGc() - heapAt100;
    // 900 more chunks: a retained graph would hold ~900 x (activations + nodes), megabytes.
    expect(growth).toBeLessThan(2_000_000);
  });

  it('without detach the graph grows with every chunk (what detach prevents)', () => {
    const rnn = new torch.nn.RNN(2, 3);
    let h = torch.zeros([1, 1, 3]);
    const sizes: number[] = [];
    for (let chunk = 0; chunk < 3; chunk++) {
      const [out, h_n] = rnn.forward(torch.randn([2, 1, 2]), h);
      sizes.push(graphSize(out.sum()));
      h = h_n;
    }
    expect(sizes[2]!).toBeGreaterThan(sizes[0]!);
  });
});

/** Reductions and their gradients on hand-computed values (arithmetic facts, not PyTorch replays). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

const t = (data: torch.NestedArray, requires_grad = false) => torch.tensor(data, { requires_grad });

describe('reductions', () => {
  const m = () => t([[1, 2], [3, 4], [5, 6]], true);
  it('sum and mean over dims, with keepdim', () => {
    expect(m().sum(0).tolist()).toEqual([9, 12]);
    expect(m().sum(1, true).tolist()).toEqual([[3], [7], [11]]);
    expect(m().mean().item()).toBe(3.5);
    expect(m().sum([0, 1]).item()).toBe(21);
  });
  it('mean gradient is 1/n everywhere', () => {
    const x = m();
    x.mean().backward();
    expect(x.grad!.tolist()).toEqual([[1 / 6, 1 / 6], [1 / 6, 1 / 6], [1 / 6, 1 / 6]].map((r) => r.map(Math.fround)));
  });
  it('max and argmax along a dim; the max gradient goes to the winner', () => {
    const x = m();
    expect(x.argmax(0).tolist()).toEqual([2, 2]);
    expect(torch.argmax(x, -1).tolist()).toEqual([1, 1, 1]);
    x.max(1).values.sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 1], [0, 1], [0, 1]]);
  });
});

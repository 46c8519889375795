/** Elementwise ops and their gradients on hand-computed values (arithmetic facts, not PyTorch replays). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

const t = (data: torch.NestedArray, requires_grad = false) => torch.tensor(data, { requires_grad });

describe('elementwise with broadcasting', () => {
  it('adds a row to a matrix and sums the gradient back to the row', () => {
    const a = t([[1, 2, 3], [4, 5, 6]], true);
    const b = t([10, 20, 30], true);
    const y = a.add(b);
    expect(y.tolist()).toEqual([[11, 22, 33], [14, 25, 36]]);
    y.sum().backward();
    expect(a.grad!.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(b.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it('mul, div, sub and pow give their textbook gradients', () => {
    const x = t([1, 2, 4], true);
    x.mul(x).add(x.div(2)).sub(x.pow(3)).sum().backward();
    // d/dx (x^2 + x/2 - x^3) = 2x + 1/2 - 3x^2
    expect(x.grad!.tolist()).toEqual([2 + 0.5 - 3, 4 + 0.5 - 12, 8 + 0.5 - 48]);
  });

  it('names both shapes when broadcasting fails', () => {
    expect(() => t([1, 2, 3]).add(t([1, 2]))).toThrow(
      /The size of tensor a \(3\) must match the size of tensor b \(2\) at non-singleton dimension 0/,
    );
  });

  it('tanh saturates to ±1 without NaN for large inputs; relu has gradient 0 at 0', () => {
    expect(t([-500, 0, 500]).tanh().tolist()).toEqual([-1, 0, 1]);
    const x = t([-1, 0, 2], true);
    x.relu().sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 1]);
  });

  it('sigmoid is stable at the extremes', () => {
    expect(t([-1000, 0, 1000]).sigmoid().tolist()).toEqual([0, 0.5, 1]);
  });
});

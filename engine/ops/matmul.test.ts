/** matmul's products, broadcasting and gradients on hand-computed values (arithmetic facts, not PyTorch replays). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

const t = (data: torch.NestedArray, requires_grad = false) => torch.tensor(data, { requires_grad });

describe('matmul', () => {
  it('multiplies matrices and gives both gradients', () => {
    const a = t([[1, 2], [3, 4]], true);
    const b = t([[5, 6], [7, 8]], true);
    const y = a.matmul(b);
    expect(y.tolist()).toEqual([[19, 22], [43, 50]]);
    y.sum().backward();
    expect(a.grad!.tolist()).toEqual([[11, 15], [11, 15]]);
    expect(b.grad!.tolist()).toEqual([[4, 4], [6, 6]]);
  });
  it('follows 1-D and batch broadcasting rules', () => {
    expect(torch.matmul(t([1, 2]), t([3, 4])).item()).toBe(11);
    expect(torch.randn([5, 3, 4]).matmul(torch.randn([4, 2])).shape).toEqual([5, 3, 2]);
    expect(torch.randn([2, 1, 3, 4]).matmul(torch.randn([5, 4, 2])).shape).toEqual([2, 5, 3, 2]);
    expect(torch.randn([3, 4]).matmul(torch.randn([4])).shape).toEqual([3]);
  });
  it('batched gradients sum over broadcast batches', () => {
    const a = torch.ones([2, 3, 4], { requires_grad: true });
    const b = torch.ones([4, 5], { requires_grad: true });
    a.matmul(b).sum().backward();
    expect(b.grad!.tolist()).toEqual(Array.from({ length: 4 }, () => Array(5).fill(6)));
    const c = torch.ones([1, 4, 5], { requires_grad: true });
    torch.ones([2, 3, 4]).matmul(c).sum().backward();
    expect(c.grad!.shape).toEqual([1, 4, 5]);
    expect(c.grad!.tolist1d().every((v) => v === 6)).toBe(true);
  });
  it("uses PyTorch's message for mismatched shapes", () => {
    expect(() => torch.zeros([2, 3]).matmul(torch.zeros([4, 5]))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)',
    );
  });
});

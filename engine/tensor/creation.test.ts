/** Building tensors and reading them back (shapes, fills, ranges, item). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

describe('creation and reading', () => {
  it('builds from nested, flat and Float32Array data', () => {
    expect(torch.tensor([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 3]);
    expect(torch.tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).tolist()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(torch.tensor(new Float32Array([1, 2]), { shape: [2, 1] }).size()).toEqual([2, 1]);
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
  });
  it('fills, ranges and like-constructors', () => {
    expect(torch.full([2], 7).tolist()).toEqual([7, 7]);
    expect(torch.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(5).dtype).toBe('int64');
    expect(torch.zeros_like(torch.ones([2, 2])).tolist()).toEqual([[0, 0], [0, 0]]);
    expect(torch.zeros([32, 20]).numel()).toBe(640);
    expect(torch.ones([2, 3]).dim()).toBe(2);
    expect(torch.ones([2, 3]).size(-1)).toBe(3);
  });
  it('item needs one element', () => {
    expect(() => torch.ones([2]).item()).toThrow('a Tensor with 2 elements cannot be converted to Scalar');
  });
});

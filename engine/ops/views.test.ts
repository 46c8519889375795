/** Views and joins, and where their gradients land, on hand-computed values (not PyTorch replays). */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

describe('views and joins', () => {
  const x = () => torch.arange(0, 24, 1, { dtype: 'float32' }).reshape([2, 3, 4]).requires_grad_();
  it('reshape infers -1 and rejects bad sizes', () => {
    expect(x().reshape([-1, 4]).shape).toEqual([6, 4]);
    expect(() => x().reshape([5, 5])).toThrow("shape '[5, 5]' is invalid for input of size 24");
  });
  it('permute, transpose and select read the right elements', () => {
    expect(x().permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(x().transpose(0, 2).select(0, 1).tolist()).toEqual([[1, 13], [5, 17], [9, 21]]);
    expect(x().select(1, -1).tolist()).toEqual([[8, 9, 10, 11], [20, 21, 22, 23]]);
    expect(() => x().select(1, 3)).toThrow('select(): index 3 out of range for tensor of size [2, 3, 4] at dimension 1');
  });
  it('view gradients land where the elements came from', () => {
    const a = x();
    a.transpose(0, 1).select(2, 3).sum().backward();
    const g = a.grad!.tolist1d();
    expect(g.filter((v) => v === 1).length).toBe(6);
    expect(g[3]).toBe(1);
    expect(g[0]).toBe(0);
  });
  it('expand accumulates gradient over repeated elements', () => {
    const a = torch.tensor([[1], [2]], { requires_grad: true });
    a.expand([2, 3]).sum().backward();
    expect(a.grad!.tolist()).toEqual([[3], [3]]);
  });
  it('cat and stack join and split gradients', () => {
    const a = torch.ones([2, 2], { requires_grad: true });
    const b = torch.zeros([2, 3], { requires_grad: true });
    const c = torch.cat([a, b], 1);
    expect(c.shape).toEqual([2, 5]);
    c.mul(torch.arange(0, 5, 1, { dtype: 'float32' })).sum().backward();
    expect(a.grad!.tolist()).toEqual([[0, 1], [0, 1]]);
    expect(b.grad!.tolist()).toEqual([[2, 3, 4], [2, 3, 4]]);
    expect(torch.stack([a, a, a], 1).shape).toEqual([2, 3, 2]);
    expect(() => torch.cat([a, torch.zeros([3, 3])], 1)).toThrow(
      'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.',
    );
    expect(() => torch.stack([a, b])).toThrow('stack expects each tensor to be equal size, but got [2, 2] at entry 0 and [2, 3] at entry 1');
  });
});

/** Core ops and autograd on hand-computed values (arithmetic facts, not PyTorch replays). */
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

describe('autograd mechanics', () => {
  it('refuses an implicit gradient for a non-scalar', () => {
    const y = torch.ones([3], { requires_grad: true }).mul(2);
    expect(() => y.backward()).toThrow('grad can be implicitly created only for scalar outputs');
    y.backward(torch.tensor([1, 2, 3]));
  });
  it('accumulates into .grad across backward calls, and zero_grad clears', () => {
    const w = torch.tensor([1, 2], { requires_grad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.tolist()).toEqual([6, 6]);
  });
  it('retain_grad keeps an intermediate gradient; hooks see and replace gradients', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const h = x.mul(2);
    h.retain_grad();
    const seen: number[][] = [];
    h.register_hook((g) => {
      seen.push(g.tolist1d());
      return g.mul(10);
    });
    h.mul(h).sum().backward();
    expect(seen).toEqual([[4, 8]]);
    expect(h.grad!.tolist()).toEqual([40, 80]);
    expect(x.grad!.tolist()).toEqual([80, 160]);
  });
  it('no_grad records nothing; detach cuts the graph', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = torch.no_grad(() => x.mul(2));
    expect(y.requires_grad).toBe(false);
    expect(x.mul(2).detach().requires_grad).toBe(false);
    expect(x.mul(2).grad_fn!.op).toBe('MulBackward0');
  });
  it('refuses a second backward through a freed graph', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(/Trying to backward through the graph a second time/);
  });
  it('refuses in-place writes it cannot record: to or from a tensor that requires grad, with grad mode on', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(2);
    expect(() => y.mul_(3)).toThrow('is not recorded by the autograd of this engine');
    expect(() => torch.zeros([2]).copy_(y)).toThrow('is not recorded by the autograd of this engine');
    expect(() => torch.zeros([2]).add_(x)).toThrow('is not recorded by the autograd of this engine');
    expect(() => x.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    // Under no_grad they are plain writes, bumping the version counter that backward checks.
    torch.no_grad(() => y.mul_(3));
    expect(y._version).toBe(1);
    expect(y.tolist()).toEqual([6, 6]);
  });
});

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

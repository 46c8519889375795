/** Autograd mechanics on hand-computed values: accumulation, hooks, no_grad, freed graphs, in-place refusals. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

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

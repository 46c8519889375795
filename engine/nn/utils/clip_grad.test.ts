/** Gradient clipping: the total norm returned, and gradients scaled or clamped as PyTorch does. */
import { describe, expect, it } from 'vitest';
import { torch } from '../../index.ts';
import { param } from '../../testing/one_step.ts';

describe('gradient clipping', () => {
  it('clip_grad_norm_ returns the total norm and scales all gradients together', () => {
    const a = param();
    const b = new torch.nn.Parameter(torch.zeros([1]));
    b.grad = torch.tensor([1]);
    const total = torch.nn.utils.clip_grad_norm_([a, b], 0.5).item();
    expect(total).toBeCloseTo(Math.sqrt(0.25 + 0.0625 + 1), 6);
    const after = Math.hypot(...a.grad!.tolist1d(), ...b.grad!.tolist1d());
    expect(after).toBeCloseTo(0.5, 5);
  });

  it('clip_grad_value_ clamps each element', () => {
    const a = param();
    torch.nn.utils.clip_grad_value_([a], 0.3);
    expect(a.grad!.tolist()).toEqual([0.30000001192092896, 0.25]);
  });
});

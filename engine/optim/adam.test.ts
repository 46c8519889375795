/** Adam's amsgrad and AdamW's decoupled weight decay, one step against the update written out by hand. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { close, param } from '../testing/one_step.ts';

describe('Adam and AdamW', () => {
  it('Adam with amsgrad, and AdamW decoupled weight decay', () => {
    const a = param();
    new torch.optim.Adam([a], { lr: 0.01, amsgrad: true }).step();
    // First step: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g).
    close(a.tolist1d(), [1 - 0.01, -2 - 0.01]);
    const w = param();
    new torch.optim.AdamW([w], { lr: 0.01, weight_decay: 0.5 }).step();
    close(w.tolist1d(), [1 * (1 - 0.005) - 0.01, -2 * (1 - 0.005) - 0.01]);
    expect(() => new torch.optim.Adam([a], { betas: [1.5, 0.9] })).toThrow('Invalid beta parameter at index 0: 1.5');
  });
});

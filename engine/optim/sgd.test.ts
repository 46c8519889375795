/** SGD's update rules beyond the golden training cases, against the update written out by hand, and its argument checks. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { close, param } from '../testing/one_step.ts';

describe('SGD', () => {
  it('SGD with weight decay and Nesterov momentum', () => {
    const p = param();
    const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.1 });
    opt.step();
    // d = g + wd*p = [0.6, 0.05]; buf = d; d' = d + 0.9*buf = 1.9*d
    close(p.tolist1d(), [1 - 0.1 * 1.9 * 0.6, -2 - 0.1 * 1.9 * 0.05]);
    expect(() => new torch.optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new torch.optim.SGD([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
  });
});

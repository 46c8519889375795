/** RMSprop centered with momentum, one step against the update written out by hand. */
import { describe, it } from 'vitest';
import { torch } from '../index.ts';
import { close, param } from '../testing/one_step.ts';

describe('RMSprop', () => {
  it('RMSprop centered with momentum', () => {
    const p = param();
    new torch.optim.RMSprop([p], { lr: 0.01, alpha: 0.9, centered: true, momentum: 0.5, eps: 0 }).step();
    // v = 0.1 g^2, ga = 0.1 g, avg = sqrt(v - ga^2) = sqrt(0.09) |g| = 0.3 |g|; buf = g/avg
    close(p.tolist1d(), [1 - 0.01 / 0.3, -2 - 0.01 / 0.3]);
  });
});

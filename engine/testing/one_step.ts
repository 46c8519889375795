/** Test support for one optimizer step checked against the update written out by hand. */
import { expect } from 'vitest';
import { torch } from '../index.ts';

/** A parameter [1, -2] with gradient [0.5, 0.25], ready for one step. */
export function param(): torch.nn.Parameter {
  const p = new torch.nn.Parameter(torch.tensor([1, -2]));
  p.grad = torch.tensor([0.5, 0.25]);
  return p;
}

/** Each value within 1e-6 of the hand-written update (float32 steps, float64 arithmetic). */
export const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));

import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { parity, runningParity } from './parity.ts';
import { buildOrThrow, targetRow } from './testing.ts';

describe('parity', () => {
  it('computes the running XOR by hand', () => {
    expect(runningParity([1, 0, 1])).toEqual([1, 1, 0]);
    expect(runningParity([0, 0, 1, 1, 1])).toEqual([0, 0, 1, 0, 1]);
  });

  it('labels every drawn step with the parity of the bits so far', () => {
    const batch = buildOrThrow(parity).drawBatch(8, 15, new Rng(5));
    expect(batch.inputShape).toEqual([8, 15, 1]);
    expect(batch.targetShape).toEqual([8, 15]);
    for (let i = 0; i < 8; i++) {
      const bits = Array.from(batch.input.subarray(i * 15, (i + 1) * 15));
      expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
      expect(targetRow(batch, i)).toEqual(runningParity(bits));
    }
  });
});

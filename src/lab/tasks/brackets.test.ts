import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { brackets } from './brackets.ts';
import { buildOrThrow, symbolsOf } from './testing.ts';

const depths = (batch: ReturnType<typeof batchOf>, i: number) =>
  Array.from(batch.target.subarray(i * batch.inputShape[1], (i + 1) * batch.inputShape[1]));

function batchOf(knobs: Record<string, number>, n: number, seqLen: number, seed = 1) {
  return buildOrThrow(brackets, { knobs }).drawBatch(n, seqLen, new Rng(seed));
}

describe('brackets', () => {
  it('alternates ()() at depth cap 1, with depths 1, 0, 1, 0', () => {
    const batch = batchOf({ maxDepth: 1 }, 2, 6);
    expect(symbolsOf(batch, 0)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(depths(batch, 0)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('targets opens minus closes so far, never below 0 nor above the cap', () => {
    const batch = batchOf({ maxDepth: 3, openProb: 0.7 }, 20, 30, 4);
    expect(batch.targetShape).toEqual([20, 30, 1]);
    let deepest = 0;
    for (let i = 0; i < 20; i++) {
      let depth = 0;
      const expected = symbolsOf(batch, i).map((s) => (depth += s === 0 ? 1 : -1));
      expect(depths(batch, i)).toEqual(expected);
      expect(Math.min(...expected)).toBeGreaterThanOrEqual(0);
      deepest = Math.max(deepest, ...expected);
    }
    expect(deepest).toBe(3);
  });
});

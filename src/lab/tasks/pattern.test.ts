import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { containsABA, pattern } from './pattern.ts';
import { buildOrThrow, symbolsOf } from './testing.ts';

const A = 0;
const B = 1;
const C = 2;

describe('pattern', () => {
  it('finds ABA by hand', () => {
    expect(containsABA([C, A, B, A, C])).toBe(true);
    expect(containsABA([A, B, A])).toBe(true);
    expect(containsABA([A, B, B, A, C, A])).toBe(false);
    expect(containsABA([A, B])).toBe(false);
  });

  it('labels each sequence by whether its valid part contains ABA, zero-padded after its length', () => {
    const batch = buildOrThrow(pattern, { knobs: { minLength: 3 } }).drawBatch(64, 12, new Rng(8));
    expect(batch.inputShape).toEqual([64, 12, 3]);
    expect(batch.targetShape).toEqual([64]);
    expect(batch.lengths).toHaveLength(64);
    batch.lengths?.forEach((length, i) => {
      expect(length).toBeGreaterThanOrEqual(3);
      expect(length).toBeLessThanOrEqual(12);
      const symbols = symbolsOf(batch, i);
      expect(symbols.slice(0, length).every((s) => s >= 0)).toBe(true);
      expect(symbols.slice(length).every((s) => s === -1)).toBe(true);
      expect(batch.target[i]).toBe(containsABA(symbols.slice(0, length)) ? 1 : 0);
    });
  });

  it('balances the classes exactly in every batch', () => {
    const task = buildOrThrow(pattern);
    const rng = new Rng(2);
    for (const n of [1, 7, 32]) {
      const positives = task.drawBatch(n, 20, rng).target.reduce((a, b) => a + b, 0);
      expect(positives).toBe(Math.ceil(n / 2));
    }
  });

  it('spreads lengths over the whole range', () => {
    const lengths = buildOrThrow(pattern, { knobs: { minLength: 5 } }).drawBatch(400, 10, new Rng(3)).lengths ?? [];
    expect(new Set(lengths)).toEqual(new Set([5, 6, 7, 8, 9, 10]));
  });
});

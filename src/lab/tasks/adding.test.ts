import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { adding } from './adding.ts';
import { buildOrThrow } from './testing.ts';

describe('adding', () => {
  it('marks one step in each half and targets the sum of the marked values', () => {
    const T = 9;
    const batch = buildOrThrow(adding).drawBatch(50, T, new Rng(21));
    expect(batch.inputShape).toEqual([50, T, 2]);
    expect(batch.targetShape).toEqual([50, 1]);
    for (let i = 0; i < 50; i++) {
      const value = (t: number) => batch.input[(i * T + t) * 2] as number;
      const marked = Array.from({ length: T }, (_, t) => t).filter((t) => batch.input[(i * T + t) * 2 + 1] === 1);
      expect(marked).toHaveLength(2);
      expect(marked[0]).toBeLessThan(4);
      expect(marked[1]).toBeGreaterThanOrEqual(4);
      for (let t = 0; t < T; t++) expect(value(t)).toBeGreaterThanOrEqual(0);
      expect(batch.target[i]).toBeCloseTo(value(marked[0] ?? 0) + value(marked[1] ?? 0), 6);
    }
  });

  it('works at the shortest length, with the markers at steps 0 and 1', () => {
    const batch = buildOrThrow(adding).drawBatch(3, 2, new Rng(1));
    for (let i = 0; i < 3; i++) {
      expect([batch.input[i * 4 + 1], batch.input[i * 4 + 3]]).toEqual([1, 1]);
      expect(batch.target[i]).toBeCloseTo((batch.input[i * 4] as number) + (batch.input[i * 4 + 2] as number), 6);
    }
  });
});

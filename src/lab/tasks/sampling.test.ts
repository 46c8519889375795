import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { sampleWithTemperature } from './sampling.ts';

function frequencies(logits: number[], temperature: number, draws: number): number[] {
  const rng = new Rng(17);
  const counts = logits.map(() => 0);
  for (let i = 0; i < draws; i++) counts[sampleWithTemperature(logits, temperature, rng)]!++;
  return counts.map((c) => c / draws);
}

describe('sampleWithTemperature', () => {
  const logits = [2, 1, 0];

  it('is greedy at temperature 0', () => {
    expect(frequencies(logits, 0, 100)).toEqual([1, 0, 0]);
  });

  it('samples softmax(logits) at temperature 1', () => {
    const z = logits.map(Math.exp);
    const total = z.reduce((a, b) => a + b, 0);
    frequencies(logits, 1, 20000).forEach((f, i) => expect(f).toBeCloseTo((z[i] as number) / total, 1));
  });

  it('sharpens when cold and flattens when hot', () => {
    expect(frequencies(logits, 0.1, 2000)[0]).toBeGreaterThan(0.99);
    frequencies(logits, 100, 20000).forEach((f) => expect(f).toBeCloseTo(1 / 3, 1));
  });

  it('survives huge logits and replays for a seed', () => {
    expect(sampleWithTemperature([1000, 999], 1, new Rng(1))).toBeLessThan(2);
    expect(frequencies([1, 2, 3], 1, 50)).toEqual(frequencies([1, 2, 3], 1, 50));
  });

  it('rejects empty logits', () => {
    expect(() => sampleWithTemperature([], 1, new Rng(1))).toThrow(/at least one logit/);
  });
});

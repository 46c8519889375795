import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

const draws = (rng: Rng, count: number) => Array.from({ length: count }, () => rng.next());

describe('Rng', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    expect(draws(new Rng(7), 20)).toEqual(draws(new Rng(7), 20));
    expect(draws(new Rng(7), 20)).not.toEqual(draws(new Rng(8), 20));
  });

  it('reduces seeds to a uint32', () => {
    expect(draws(new Rng(42 + 2 ** 32), 5)).toEqual(draws(new Rng(42), 5));
    expect(draws(new Rng(-1), 5)).toEqual(draws(new Rng(2 ** 32 - 1), 5));
  });

  it('resumes exactly from a saved state, through JSON', () => {
    const rng = new Rng(123);
    draws(rng, 10);
    const saved = JSON.parse(JSON.stringify(rng.state())) as number;
    const resumed = Rng.fromState(saved);
    expect([draws(resumed, 10), resumed.normal(), resumed.int(9)]).toEqual([draws(rng, 10), rng.normal(), rng.int(9)]);
  });

  it('draws uniforms in [0, 1) with the right mean', () => {
    const xs = draws(new Rng(1), 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 2);
  });

  it('draws every integer in [0, n) about equally often', () => {
    const rng = new Rng(2);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[rng.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });

  it('draws normals with the requested mean and std', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20000 }, () => rng.normal(2, 0.5));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });

  it('shuffles into a permutation', () => {
    const shuffled = new Rng(4).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects bad arguments with the value in the message', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/finite number, got NaN/);
    expect(() => new Rng(1).int(0)).toThrow(/positive integer n, got 0/);
    expect(() => new Rng(1).int(2.5)).toThrow(/got 2.5/);
  });
});

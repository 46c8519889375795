import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { sine } from './sine.ts';
import { buildOrThrow } from './testing.ts';

describe('sine', () => {
  it('targets the next clean value of the input wave', () => {
    const batch = buildOrThrow(sine, { knobs: { noise: 0 } }).drawBatch(4, 30, new Rng(1));
    expect(batch.inputShape).toEqual([4, 30, 1]);
    expect(batch.targetShape).toEqual([4, 30, 1]);
    for (let i = 0; i < 4; i++) {
      for (let t = 0; t < 29; t++) expect(batch.target[i * 30 + t]).toBeCloseTo(batch.input[i * 30 + t + 1] as number, 5);
    }
    expect(Math.max(...batch.target.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('adds noise to the inputs only', () => {
    const clean = buildOrThrow(sine, { knobs: { noise: 0 } }).drawBatch(1, 50, new Rng(1));
    const noisy = buildOrThrow(sine, { knobs: { noise: 0.3 } }).drawBatch(1, 50, new Rng(1));
    // One sequence: its frequency and phase are drawn before any noise, so the waves match.
    const residual = noisy.input.map((v, t) => v - (clean.input[t] as number));
    expect(Math.max(...residual.map(Math.abs))).toBeGreaterThan(0.1);
    expect(noisy.target).toEqual(clean.target);
  });

  it('accepts the frequency range in either order', () => {
    const ordered = buildOrThrow(sine, { knobs: { freqMin: 0.05, freqMax: 0.2 } }).drawBatch(2, 10, new Rng(3));
    const swapped = buildOrThrow(sine, { knobs: { freqMin: 0.2, freqMax: 0.05 } }).drawBatch(2, 10, new Rng(3));
    expect(swapped.target).toEqual(ordered.target);
  });
});

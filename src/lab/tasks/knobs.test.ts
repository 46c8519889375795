import { describe, expect, it } from 'vitest';
import { checkSampleArgs, defaultKnobs, readKnobs } from './knobs.ts';

const KNOBS = [
  { id: 'delay', label: 'Delay', min: 1, max: 20, step: 1, default: 3, help: '' },
  { id: 'noise', label: 'Noise', min: 0, max: 0.5, step: 0.01, default: 0.1, help: '' },
] as const;

describe('readKnobs', () => {
  it('fills missing and non-finite values with defaults', () => {
    expect(readKnobs(KNOBS, {})).toEqual({ delay: 3, noise: 0.1 });
    expect(readKnobs(KNOBS, { delay: Number.NaN, noise: Infinity })).toEqual({ delay: 3, noise: 0.1 });
  });

  it('clamps to the bounds and rounds integer-step knobs', () => {
    expect(readKnobs(KNOBS, { delay: 99, noise: -1 })).toEqual({ delay: 20, noise: 0 });
    expect(readKnobs(KNOBS, { delay: 4.6, noise: 0.123 })).toEqual({ delay: 5, noise: 0.123 });
  });

  it('ignores knobs it does not declare', () => {
    expect(readKnobs(KNOBS, { other: 5 })).toEqual({ delay: 3, noise: 0.1 });
  });

  it('lists defaults by id', () => {
    expect(defaultKnobs(KNOBS)).toEqual({ delay: 3, noise: 0.1 });
  });
});

describe('checkSampleArgs', () => {
  it('names the allowed range and the bad value', () => {
    expect(() => checkSampleArgs(4, 3, { min: 4, max: 10 })).toThrow('sequence length must be an integer in [4, 10] for this task, got 3');
    expect(() => checkSampleArgs(0, 5, { min: 4, max: 10 })).toThrow('batch size must be a positive integer, got 0');
    expect(() => checkSampleArgs(2, 5, { min: 4, max: 10 })).not.toThrow();
  });
});

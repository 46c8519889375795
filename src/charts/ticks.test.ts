import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { labelIndices, logTicks, stepTicks } from './ticks.ts';

describe('ticks', () => {
  it('gives powers of ten on a wide log axis, thinned', () => {
    expect(logTicks(1e-8, 1, 5, () => [])).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(logTicks(0.2, 0.9, 5, () => [0.5])).toEqual([0.5]);
  });

  it('puts step ticks on whole steps only, even over a one-step domain', () => {
    expect(stepTicks(scaleLinear().domain([150, 151]), 6)).toEqual([150, 151]);
    expect(stepTicks(scaleLinear().domain([1, 5]), 6)).toEqual([1, 2, 3, 4, 5]);
  });

  it('skips labels so they stay apart, on round steps', () => {
    expect(labelIndices(10, 500, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const many = labelIndices(200, 600, 26);
    const step = (many[1] ?? 0) - (many[0] ?? 0);
    expect(step % 5).toBe(0);
    expect(step * (600 / 200)).toBeGreaterThanOrEqual(26);
    expect(labelIndices(0, 100, 10)).toEqual([]);
  });
});

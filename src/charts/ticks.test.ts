import { describe, expect, it } from 'vitest';
import { formatTick, formatValue } from '../format/number.ts';
import { scaleLinear } from 'd3-scale';
import { logTicks, stepTicks } from './ticks.ts';

describe('ticks and numbers', () => {
  it('gives powers of ten on a wide log axis, thinned', () => {
    expect(logTicks(1e-8, 1, 5, () => [])).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(logTicks(0.2, 0.9, 5, () => [0.5])).toEqual([0.5]);
  });

  it('puts step ticks on whole steps only, even over a one-step domain', () => {
    expect(stepTicks(scaleLinear().domain([150, 151]), 6)).toEqual([150, 151]);
    expect(stepTicks(scaleLinear().domain([1, 5]), 6)).toEqual([1, 2, 3, 4, 5]);
  });

  it('writes tiny values in scientific notation and round ticks plainly', () => {
    expect(formatValue(3.2e-9)).toBe('3.2e-9');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0)).toBe('0');
    expect(formatTick(1500)).toBe('1500');
    expect(formatTick(1e-6)).toBe('1e-6');
    expect(formatTick(0.25)).toBe('0.25');
  });
});

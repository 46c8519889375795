import { describe, expect, it } from 'vitest';
import { activationScale, clampLog, divergingScale, LOG_FLOOR, logExtent, logMagnitudeScale, magnitudeScale, maxAbs } from './color.ts';

describe('colour scales', () => {
  it('centres the diverging scale on 0 with a symmetric domain', () => {
    const s = divergingScale(2);
    expect(s.domain).toEqual([-2, 2]);
    // PuOr's midpoint is its light neutral, the same for -0 and +0.
    expect(s.color(0)).toBe('rgb(243, 238, 234)');
    expect(s.color(-2)).not.toBe(s.color(2));
    expect(s.color(5)).toBe(s.color(2));
  });

  it('gives tanh a fixed [-1, 1] range and relu the data range', () => {
    expect(activationScale([0.1, 0.2], 'tanh').domain).toEqual([-1, 1]);
    expect(activationScale([0, 3.5, 1], 'relu').domain).toEqual([-3.5, 3.5]);
    expect(activationScale([0, 0], 'relu').domain[1]).toBeGreaterThan(0);
  });

  it('builds log domains from positive values only, guarding zeros and single values', () => {
    expect(logExtent([0, 1e-6, 0.5, NaN, -1])).toEqual([1e-6, 0.5]);
    expect(logExtent([0, 0])).toEqual([LOG_FLOOR, 1]);
    expect(logExtent([0.01])).toEqual([0.001, 0.1]);
    expect(clampLog(0, 1e-6)).toBe(1e-6);
  });

  it('colours a zero gradient like the smallest one on the log scale', () => {
    const s = logMagnitudeScale([0, 1e-4, 1]);
    expect(s.kind).toBe('log');
    expect(s.color(0)).toBe(s.color(1e-4));
    expect(s.color(1)).not.toBe(s.color(1e-4));
  });

  it('starts linear magnitudes at 0', () => {
    expect(magnitudeScale(3).domain).toEqual([0, 3]);
    expect(magnitudeScale(0).domain).toEqual([0, 1]);
    expect(maxAbs([-3, 2, Infinity])).toBe(3);
  });
});

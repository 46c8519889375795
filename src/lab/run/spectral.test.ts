import { describe, expect, it } from 'vitest';
import { spectralRadius } from './spectral.ts';

describe('spectralRadius', () => {
  it('finds a real dominant eigenvalue', () => {
    expect(spectralRadius([0.9, 0, 0, -0.3], 2)).toBeCloseTo(0.9, 3);
  });

  it('handles a complex pair (a scaled rotation)', () => {
    const a = 0.7;
    const c = Math.cos(1);
    const s = Math.sin(1);
    expect(spectralRadius([a * c, -a * s, a * s, a * c], 2)).toBeCloseTo(0.7, 3);
  });

  it('handles a +/- pair', () => {
    expect(spectralRadius([0, 1.2, 1.2, 0], 2)).toBeCloseTo(1.2, 3);
  });

  it('is within a few percent on a random 32x32 matrix with a known radius', () => {
    // Upper triangular: the eigenvalues are the diagonal, whatever lies above it.
    const n = 32;
    const m = new Float32Array(n * n);
    for (let r = 0; r < n; r++) {
      m[r * n + r] = 0.5 * Math.sin(r + 1);
      for (let c = r + 1; c < n; c++) m[r * n + c] = 0.05 * Math.cos(r * c);
    }
    m[5 * n + 5] = -1.1;
    expect(Math.abs(spectralRadius(m, n) - 1.1) / 1.1).toBeLessThan(0.05);
  });

  it('is zero for a zero matrix and NaN for a non-finite one', () => {
    expect(spectralRadius([0, 0, 0, 0], 2)).toBe(0);
    expect(spectralRadius([Number.NaN, 0, 0, 1], 2)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { findParam, sharedWeightScale, weightCellSize } from './weights.ts';

describe('weights', () => {
  const w = { 'rnn.weight_hh_l0_reverse': { shape: [1, 1], data: Float32Array.of(-3) }, weight_ih_l1: { shape: [1, 1], data: Float32Array.of(1) } };

  it('finds a parameter with or without the rnn. prefix', () => {
    expect(findParam(w, 'weight_hh', 0, 1)?.data[0]).toBe(-3);
    expect(findParam(w, 'weight_ih', 1, 0)?.data[0]).toBe(1);
    expect(findParam(w, 'weight_hh', 0, 0)).toBeUndefined();
  });

  it('shares one symmetric scale across both matrices', () => {
    expect(sharedWeightScale([findParam(w, 'weight_hh', 0, 1), findParam(w, 'weight_ih', 1, 0)]).domain).toEqual([-3, 3]);
  });

  it('sizes square cells to fit side by side, stacking when too narrow', () => {
    const wide = weightCellSize([16, 8], [16, 16], 500, 20);
    expect(wide.stacked).toBe(false);
    expect(wide.cell * 24 + 20).toBeLessThanOrEqual(500);
    expect(weightCellSize([64, 80], [64, 64], 300, 20).stacked).toBe(true);
  });
});

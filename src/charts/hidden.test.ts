import { describe, expect, it } from 'vitest';
import type { LayerTrace } from '../lab/run/probes.ts';
import { rowHeight, unitGrid } from './hidden.ts';
import { parseLayerKey } from '../lab/run/layer_key.ts';
import { seriesStyle } from './series.ts';

const trace: LayerTrace = {
  layer: 0,
  direction: 0,
  hidden: [Float32Array.of(0, 2.5), Float32Array.of(1, 0)],
  preactivation: [],
  gradHidden: [Float32Array.of(-0.3, 0.1), Float32Array.of(0.02, 0)],
  gradNorm: [],
};

describe('hidden-state grid', () => {
  it('shows units as rows and timesteps as columns', () => {
    const g = unitGrid(trace, 'forward', 'relu');
    expect([g.units, g.steps]).toEqual([2, 2]);
    expect(g.value(1, 0)).toBe(2.5);
    expect(g.value(0, 1)).toBe(1);
  });

  it('scales relu by the data and gradients symmetrically around 0', () => {
    expect(unitGrid(trace, 'forward', 'relu').scale.domain).toEqual([-2.5, 2.5]);
    expect(unitGrid(trace, 'forward', 'tanh').scale.domain).toEqual([-1, 1]);
    const back = unitGrid(trace, 'backward', 'tanh');
    expect(back.scale.domain[1]).toBeCloseTo(0.3, 6);
    expect(back.scale.domain[0]).toBeCloseTo(-0.3, 6);
  });

  it('keeps rows readable for few units and compact for many', () => {
    expect(rowHeight(4)).toBe(16);
    expect(rowHeight(256)).toBe(3);
  });
});

describe('series styles', () => {
  it('round-trips layer keys and dashes the reverse direction', () => {
    expect(parseLayerKey('l2_reverse')).toEqual({ layer: 2, direction: 1 });
    expect(parseLayerKey('head')).toBeNull();
    expect(seriesStyle('l1').label).toBe('l1 →');
    expect(seriesStyle('l0_reverse').label).toBe('l0_reverse ←');
    expect(seriesStyle('l1_reverse').color).toBe(seriesStyle('l1').color);
  });
});

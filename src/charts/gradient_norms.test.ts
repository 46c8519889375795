import { describe, expect, it } from 'vitest';
import type { LayerTrace } from '../lab/run/probes.ts';
import { normChart, normSeries, perStepFactor, stepBackRatio } from './gradient_norms.ts';

function trace(direction: number, gradNorm: number[]): LayerTrace {
  return { layer: 0, direction, hidden: [], preactivation: [], gradHidden: [], gradNorm };
}

describe('gradient norms', () => {
  it('measures the factor per step back in time, for either direction', () => {
    const vanishing = [0.5 ** 3, 0.5 ** 2, 0.5, 1];
    expect(perStepFactor(vanishing, 0)).toBeCloseTo(0.5, 12);
    expect(perStepFactor([...vanishing].reverse(), 1)).toBeCloseTo(0.5, 12);
    expect(perStepFactor([0, 1], 0)).toBeNull();
    expect(perStepFactor([1], 0)).toBeNull();
  });

  it('names series by layer key and dashes the reverse direction', () => {
    const [f, r] = normSeries([trace(0, [1, 2]), trace(1, [2, 1])]);
    expect(f?.key).toBe('l0');
    expect(r?.key).toBe('l0_reverse');
    expect(f?.dash).toBeUndefined();
    expect(r?.dash).toBeDefined();
  });

  it('plots a constant factor as a straight line on the log axis, zeros at the floor', () => {
    const series = normSeries([trace(0, [1e-4, 1e-3, 1e-2, 1e-1, 0])]);
    const { toY, y } = normChart(series, 100, 100);
    const ys = [1e-4, 1e-3, 1e-2].map(toY);
    expect((ys[1] ?? 0) - (ys[0] ?? 0)).toBeCloseTo((ys[2] ?? 0) - (ys[1] ?? 0), 9);
    expect(toY(0)).toBe(y.range()[0]);
  });

  it('gives the ratio of each step back against the step it came from, both directions', () => {
    const norms = [8, 4, 2, 1];
    expect(stepBackRatio(norms, 0, 0)).toEqual({ ratio: 2, from: 1 });
    expect(stepBackRatio(norms, 0, 3)).toBeNull();
    expect(stepBackRatio(norms, 1, 3)).toEqual({ ratio: 0.5, from: 2 });
    expect(stepBackRatio(norms, 1, 0)).toBeNull();
    expect(stepBackRatio([NaN, 1], 0, 0)?.ratio).toBeNaN();
    expect(stepBackRatio([1, 0], 0, 0)?.ratio).toBe(Infinity);
  });
});

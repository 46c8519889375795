import { describe, expect, it } from 'vitest';
import { divergingScale, logMagnitudeScale } from './color.ts';
import { legendLayout } from './legend.ts';

describe('legendLayout', () => {
  it('labels a diverging bar at 0 in its middle, ticks inside the domain', () => {
    const { ticks, stops } = legendLayout(divergingScale(0.4997), 200);
    expect(ticks.find((t) => t.value === 0)?.x).toBe(100);
    expect(ticks.every((t) => t.x >= 0 && t.x <= 200)).toBe(true);
    expect(stops[0]?.offset).toBe(0);
    expect(stops[stops.length - 1]?.offset).toBe(1);
  });

  it('puts only powers of ten on a log bar, evenly spaced', () => {
    const { ticks } = legendLayout(logMagnitudeScale([1e-8, 1]), 240);
    for (const t of ticks) expect(Math.log10(t.value) % 1).toBeCloseTo(0, 9);
    const gaps = ticks.slice(1).map((t, i) => t.x - (ticks[i]?.x ?? 0));
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0] ?? 0, 6);
  });
});

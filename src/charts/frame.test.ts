import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { legendWidth, nearestIndex, plotWidth } from './frame.ts';

describe('chart frame', () => {
  it('gives the plot what the margins leave, never less than its minimum', () => {
    expect(plotWidth(300, { top: 0, right: 10, bottom: 0, left: 50 })).toBe(240);
    expect(plotWidth(60, { top: 0, right: 10, bottom: 0, left: 50 })).toBe(40);
    expect(plotWidth(60, { top: 0, right: 10, bottom: 0, left: 50 }, 60)).toBe(60);
  });

  it('keeps a colour bar short of its plot, 40 to 220 px', () => {
    expect(legendWidth(100)).toBe(80);
    expect(legendWidth(1000)).toBe(220);
    // A weight card measured at width 0 (not laid out yet) asked for -60 and logged SVG errors.
    expect(legendWidth(-40)).toBe(40);
  });

  it('picks the nearest index under the pointer, clamped to the data', () => {
    const x = scaleLinear().domain([0, 9]).range([0, 90]);
    expect(nearestIndex(24, x, 10)).toBe(2);
    expect(nearestIndex(26, x, 10)).toBe(3);
    expect(nearestIndex(-30, x, 10)).toBe(0);
    expect(nearestIndex(500, x, 10)).toBe(9);
  });
});

import { scaleLinear, scaleLog } from 'd3-scale';
import type { ColorScale } from './color.ts';

export interface LegendLayout {
  /** Gradient stops: offset in [0, 1] and the colour there. */
  stops: { offset: number; color: string }[];
  /** Tick positions in pixels along the bar, with their values. */
  ticks: { x: number; value: number }[];
}

const STOPS = 24;

/**
 * Stops and ticks of a colour bar `width` pixels wide. Stops are spaced evenly in pixels and
 * coloured by inverting the bar's position scale, so a log scale's bar reads evenly per decade.
 */
export function legendLayout(scale: ColorScale, width: number): LegendLayout {
  const [lo, hi] = scale.domain;
  const pos = scale.kind === 'log' ? scaleLog().domain([lo, hi]).range([0, width]) : scaleLinear().domain([lo, hi]).range([0, width]);
  const stops = Array.from({ length: STOPS + 1 }, (_, i) => {
    const offset = i / STOPS;
    return { offset, color: scale.color(pos.invert(offset * width)) };
  });
  const count = Math.max(3, Math.floor(width / 45));
  let values = pos.ticks(count);
  // A log scale over many decades offers every 2..9 multiple; keep the powers of ten only.
  if (scale.kind === 'log') {
    const decades = values.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    const step = Math.max(1, Math.ceil(decades.length / count));
    values = decades.filter((_, i) => i % step === 0);
    if (values.length < 2) values = [lo, hi];
  }
  if (scale.kind === 'diverging' && !values.includes(0)) values.push(0);
  // The exact domain ends are in the legend's title; ticks stay round.
  return { stops, ticks: values.map((value) => ({ x: pos(value), value })).sort((a, b) => a.x - b.x) };
}

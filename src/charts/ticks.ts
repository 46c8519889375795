import type { ScaleContinuousNumeric, ScaleLinear } from 'd3-scale';
import { formatTick } from '../format/number.ts';

/** A tick on an axis: where (pixels along it) and what it says. */
export interface Tick {
  pos: number;
  label: string;
}

/** Pixels between step-axis ticks: a label such as `12.5k` needs about that much room. */
const STEP_TICK_GAP = 80;

/**
 * Tick values for a training-step axis: d3's, whole steps only (over a domain such as [150, 151]
 * d3 would also place 150.2, 150.4, ...).
 */
export function stepTicks(scale: { ticks: (count: number) => number[] }, count: number): number[] {
  return scale.ticks(count).filter(Number.isInteger);
}

/** The ticks of a training-step axis `span` pixels long: whole steps, one per 80 pixels or fewer. */
export function stepAxisTicks(x: ScaleLinear<number, number>, span: number): Tick[] {
  return stepTicks(x, Math.max(2, Math.floor(span / STEP_TICK_GAP))).map((s) => ({ pos: x(s), label: formatTick(s) }));
}

/** About `count` round values of a linear value axis, labelled as axis ticks. */
export function valueTicks(y: ScaleContinuousNumeric<number, number>, count: number): Tick[] {
  return y.ticks(count).map((v) => ({ pos: y(v), label: formatTick(v) }));
}

/**
 * Ticks of a log value axis: at most `max` powers of ten, or d3's `fallbackCount` ticks where
 * the domain spans less than two decades (see `logTicks`).
 */
export function logAxisTicks(y: ScaleContinuousNumeric<number, number>, max: number, fallbackCount: number): Tick[] {
  const [lo = 1, hi = 1] = y.domain();
  return logTicks(lo, hi, max, () => y.ticks(fallbackCount)).map((v) => ({ pos: y(v), label: formatTick(v) }));
}

/**
 * Ticks for `n` cells side by side over `span` pixels, each label at its cell's centre, at least
 * `minGap` pixels apart (see `labelIndices`). `label` names cell i; its index by default.
 */
export function cellTicks(n: number, span: number, minGap: number, label: (i: number) => string = String): Tick[] {
  const cell = span / Math.max(1, n);
  return labelIndices(n, span, minGap).map((i) => ({ pos: (i + 0.5) * cell, label: label(i) }));
}

/** Ticks for the indices 0..n-1 placed by `x` (points, not cells: a timestep axis of a line chart). */
export function indexTicks(n: number, x: (i: number) => number, span: number, minGap: number): Tick[] {
  return labelIndices(n, span, minGap).map((i) => ({ pos: x(i), label: String(i) }));
}

/**
 * Every k-th index from 0 so labels `minGap` pixels apart fit in `span` pixels for `n` items;
 * the last index is kept when it does not crowd its neighbour.
 */
export function labelIndices(n: number, span: number, minGap: number): number[] {
  if (n <= 0) return [];
  const per = span / n;
  const k = Math.max(1, Math.ceil(minGap / per));
  const step = k <= 2 ? k : k <= 5 ? 5 : Math.ceil(k / 5) * 5;
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  const last = n - 1;
  const prev = out[out.length - 1] ?? 0;
  if (prev !== last && (last - prev) * per >= minGap) out.push(last);
  return out;
}

/**
 * Tick values for a log axis over [lo, hi]: powers of ten, thinned to at most `max`; when the
 * range spans less than two decades, `fallback` (d3's own ticks) reads better.
 */
export function logTicks(lo: number, hi: number, max: number, fallback: () => number[]): number[] {
  const a = Math.ceil(Math.log10(Math.min(lo, hi)) - 1e-9);
  const b = Math.floor(Math.log10(Math.max(lo, hi)) + 1e-9);
  if (b - a < 1) return fallback();
  const step = Math.ceil((b - a + 1) / max);
  const out: number[] = [];
  // `10 ** -4` is 0.00009999999999999999 in floating point; parsing `1e-4` is exact.
  for (let e = a; e <= b; e += step) out.push(Number(`1e${e}`));
  return out;
}

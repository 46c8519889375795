/**
 * Colour scales every chart shares, so one colour means one thing across the page: viridis for
 * magnitudes (norms, always >= 0), PuOr diverging and centred on 0 for signed values (activations,
 * gradients, weights), Okabe-Ito for the layer/direction series. All three stay readable under the
 * common colour-vision deficiencies.
 */
import { scaleDiverging, scaleSequential, scaleSequentialLog } from 'd3-scale';
import { interpolatePuOr, interpolateViridis } from 'd3-scale-chromatic';

/** Floor for log domains when nothing positive is there to measure (an all-zero gradient). */
export const LOG_FLOOR = 1e-12;

/** A colour scale the legend can draw: its mapping, its domain ends, and how values are spaced. */
export interface ColorScale {
  color: (v: number) => string;
  domain: [number, number];
  kind: 'linear' | 'log' | 'diverging';
}

/** Largest |v|, at least `min` so an all-zero input still yields a usable domain. */
export function maxAbs(values: Iterable<number>, min = 1e-12): number {
  let m = min;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/**
 * [smallest positive, largest] of the values, for log scales: zeros and non-finite values are
 * skipped; a single value is widened to a decade each side so the scale never collapses.
 */
export function logExtent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi < lo) return [LOG_FLOOR, 1];
  if (hi === lo) return [lo / 10, hi * 10];
  return [lo, hi];
}

/** Values for a log scale: zeros (and negatives) are pinned to the domain's floor, not dropped. */
export function clampLog(v: number, floor: number): number {
  return v > floor ? v : floor;
}

/** Signed values, centred at 0: [-m, m] both map symmetrically so white always means zero. */
export function divergingScale(m: number): ColorScale {
  const s = scaleDiverging(interpolatePuOr).domain([-m, 0, m]).clamp(true);
  return { color: (v) => s(v), domain: [-m, m], kind: 'diverging' };
}

/** Magnitudes >= 0, linear: 0 is dark, the largest value bright. */
export function magnitudeScale(hi: number): ColorScale {
  const top = hi > 0 ? hi : 1;
  const s = scaleSequential(interpolateViridis).domain([0, top]).clamp(true);
  return { color: (v) => s(v), domain: [0, top], kind: 'linear' };
}

/** Magnitudes over many orders (gradient norms): log spacing, zeros shown at the floor's colour. */
export function logMagnitudeScale(values: Iterable<number>): ColorScale {
  const domain = logExtent(values);
  const s = scaleSequentialLog(interpolateViridis).domain(domain).clamp(true);
  return { color: (v) => s(clampLog(v, domain[0])), domain, kind: 'log' };
}

/** The hidden-state scale: tanh lives in [-1, 1]; relu is unbounded, so its range comes from the data. */
export function activationScale(values: Iterable<number>, nonlinearity: 'tanh' | 'relu'): ColorScale {
  return divergingScale(nonlinearity === 'tanh' ? 1 : maxAbs(values));
}

/** Okabe-Ito: eight colours distinguishable under the common colour-vision deficiencies. */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Series colour of a layer; its reverse direction shares the colour and is drawn dashed. */
export function layerColor(layer: number): string {
  return SERIES_COLORS[layer % SERIES_COLORS.length] ?? '#000000';
}

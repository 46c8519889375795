import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { layerKey } from '../lab/run/layer_key.ts';
import type { LayerTrace } from '../lab/run/probes.ts';
import { clampLog, logExtent } from './color.ts';
import { nonFinitePoints, nonFiniteKinds, type NonFiniteKind, type NonFinitePoint } from './nonfinite.ts';
import { seriesStyle, type SeriesStyle } from './series.ts';

export interface NormSeries extends SeriesStyle {
  values: number[];
  /** 0 forward, 1 reverse: which way the gradient travels back. */
  direction: number;
  /** Geometric change per step as the gradient travels back in time; null when undefined. */
  factor: number | null;
}

/**
 * How much ||dL/dh_t|| is multiplied per step on its way back through time, from its two ends:
 * below 1 the gradient vanishes, above 1 it explodes. The reverse direction runs backward in
 * time, so its gradient travels toward larger t.
 */
export function perStepFactor(values: readonly number[], direction: number): number | null {
  const n = values.length;
  const first = values[0];
  const last = values[n - 1];
  if (n < 2 || first === undefined || last === undefined || !(first > 0) || !(last > 0) || !Number.isFinite(first) || !Number.isFinite(last)) return null;
  const ratio = direction === 1 ? last / first : first / last;
  return ratio ** (1 / (n - 1));
}

/**
 * How much ||dL/dh_t|| was multiplied on its last step back, arriving at t: the ratio to the norm
 * at the step it came from (t+1 forward, t-1 reverse); null at the step the gradient reaches first.
 * NaN or ±Infinity norms give a non-finite ratio, which the views mark like any other.
 */
export function stepBackRatio(norms: readonly number[], direction: number, t: number): { ratio: number; from: number } | null {
  const from = direction === 0 ? t + 1 : t - 1;
  const here = norms[t];
  const there = norms[from];
  if (here === undefined || there === undefined) return null;
  return { ratio: here / there, from };
}

export function normSeries(layers: readonly LayerTrace[]): NormSeries[] {
  return layers.map((tr) => ({
    ...seriesStyle(layerKey(tr.layer, tr.direction)),
    values: tr.gradNorm,
    direction: tr.direction,
    factor: perStepFactor(tr.gradNorm, tr.direction),
  }));
}

/**
 * Scales and paths of the chart: log y from the finite data (zeros pinned at the floor); NaN and
 * ±Infinity break the line and are marked on the plot's edge instead (`marks`, `nonFinite`).
 */
export function normChart(series: readonly NormSeries[], width: number, height: number) {
  const steps = Math.max(1, ...series.map((s) => s.values.length));
  const domain = logExtent(series.flatMap((s) => s.values));
  const x = scaleLinear().domain([0, Math.max(1, steps - 1)]).range([0, width]);
  const y = scaleLog().domain(domain).range([height, 0]).nice();
  const floor = y.domain()[0] ?? domain[0];
  const toY = (v: number) => y(clampLog(v, floor));
  const path = line<number>()
    .defined(Number.isFinite)
    .x((_, t) => x(t))
    .y((v) => toY(v));
  const marks: NonFinitePoint[] = series.flatMap((s) => nonFinitePoints(s.values, (v) => v, (_, t) => x(t), () => `${s.label}, ||dL/dh_t||`));
  const nonFinite: NonFiniteKind[] = nonFiniteKinds(series.flatMap((s) => s.values));
  return { x, y, toY, steps, paths: series.map((s) => path(s.values) ?? ''), marks, nonFinite };
}

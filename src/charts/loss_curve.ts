import { bisector } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { TrainingPoint } from '../lab/host/protocol.ts';
import { clampLog, logExtent } from './color.ts';
import { finiteExtent } from './nonfinite.ts';

/**
 * At most ~`max` points, keeping each bucket's lowest and highest value in step order, so a
 * thinned curve keeps its spikes (a plain stride would skip a blow-up).
 */
export function thin<T>(points: readonly T[], value: (p: T) => number, max: number): T[] {
  if (points.length <= max) return points.slice();
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (value(points[i] as T) < value(points[lo] as T)) lo = i;
      if (value(points[i] as T) > value(points[hi] as T)) hi = i;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) out.push(points[i] as T);
  }
  const last = points[points.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** A y scale over the values: log (zeros guarded) or linear from 0 when all values are >= 0. */
export function valueScale(values: readonly number[], log: boolean, height: number) {
  if (log) return scaleLog().domain(logExtent(values)).range([height, 0]).nice();
  const [lo, hi] = finiteExtent(values);
  return scaleLinear()
    .domain([Math.min(0, lo), hi > lo ? hi : lo + 1])
    .range([height, 0])
    .nice();
}

type Get = (p: TrainingPoint) => number | undefined;

/** A path through the points that have a finite value for `get`, in step order. */
export function curvePath(points: readonly TrainingPoint[], get: Get, x: (s: number) => number, y: (v: number) => number, floor: number | null): string {
  const path = line<TrainingPoint>()
    .defined((p) => Number.isFinite(get(p)))
    .x((p) => x(p.step))
    .y((p) => y(floor === null ? (get(p) ?? 0) : clampLog(get(p) ?? 0, floor)));
  return path(points.filter((p) => get(p) !== undefined)) ?? '';
}

const byStep = bisector((p: TrainingPoint) => p.step).center;

/** The point nearest to training step `step`. */
export function nearestPoint(points: readonly TrainingPoint[], step: number): TrainingPoint | undefined {
  return points[byStep(points, step)];
}

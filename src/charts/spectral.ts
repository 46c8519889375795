import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { SpectralPoint } from '../lab/host/protocol.ts';
import { nonFiniteKinds, nonFinitePoints, type NonFiniteKind, type NonFinitePoint } from './nonfinite.ts';
import { seriesStyle, type SeriesStyle } from './series.ts';

export interface RadiusSeries extends SeriesStyle {
  path: string;
}

/**
 * Scales and one path per W_hh; the y range always includes 1, the line the chart is about, and
 * comes from finite radii only. A NaN or ±Infinity radius breaks its line and is marked instead.
 * `lastStep` stretches the step axis (to a step where training stopped).
 */
export function spectralChart(points: readonly SpectralPoint[], width: number, height: number, lastStep = 0) {
  const keys = Array.from(new Set(points.flatMap((p) => Object.keys(p.radius)))).sort();
  let hi = 1;
  for (const p of points) for (const v of Object.values(p.radius)) if (Number.isFinite(v)) hi = Math.max(hi, v);
  const first = points[0]?.step ?? 0;
  const last = Math.max(points[points.length - 1]?.step ?? 1, lastStep);
  const x = scaleLinear().domain([first, Math.max(first + 1, last)]).range([0, width]);
  const y = scaleLinear().domain([0, hi * 1.08]).range([height, 0]).nice();
  const series: RadiusSeries[] = keys.map((key) => {
    const path = line<SpectralPoint>()
      .defined((p) => Number.isFinite(p.radius[key]))
      .x((p) => x(p.step))
      .y((p) => y(p.radius[key] ?? 0));
    return { ...seriesStyle(key), path: path(points.filter((p) => key in p.radius)) ?? '' };
  });
  const marks: NonFinitePoint[] = keys.flatMap((key) =>
    nonFinitePoints(points, (p) => p.radius[key], (p) => x(p.step), (p) => `${seriesStyle(key).label} ρ(W_hh) at step ${p.step}`),
  );
  const nonFinite: NonFiniteKind[] = nonFiniteKinds(points.flatMap((p) => Object.values(p.radius)));
  return { x, y, series, marks, nonFinite };
}

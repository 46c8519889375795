/** Loss and metric readouts (the toolbar): fixed decimals, so a number that changes every frame keeps its width. */
import type { MetricKind } from '../lab/tasks/task.ts';

export function formatLoss(v: number | undefined): string {
  if (v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 0.001 ? v.toFixed(4) : v.toExponential(2);
}

export function formatMetric(kind: MetricKind, v: number | undefined): string {
  if (v === undefined) return '–';
  return kind === 'accuracy' ? `${(v * 100).toFixed(1)}%` : formatLoss(v);
}

export function metricName(kind: MetricKind): string {
  return kind === 'accuracy' ? 'accuracy' : 'MSE';
}

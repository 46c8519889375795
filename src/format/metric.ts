/** Loss and metric readouts (the toolbar, tooltips): `number.ts`'s formats, with a dash for "not yet". */
import type { MetricKind } from '../lab/tasks/task.ts';
import { formatPercent, formatReadout } from './number.ts';

export function formatLoss(v: number | undefined): string {
  return v === undefined ? '–' : formatReadout(v);
}

export function formatMetric(kind: MetricKind, v: number | undefined): string {
  if (v === undefined) return '–';
  return kind === 'accuracy' ? formatPercent(v) : formatReadout(v);
}

export function metricName(kind: MetricKind): string {
  return kind === 'accuracy' ? 'accuracy' : 'MSE';
}

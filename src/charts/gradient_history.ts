import type { GradientHistoryRow } from '../lab/host/protocol.ts';
import { logMagnitudeScale, type ColorScale } from './color.ts';
import { nonFiniteKinds, type NonFiniteKind } from './nonfinite.ts';

/** Training steps (rows, oldest on top) x timesteps (columns) of one layer/direction's ||dL/dh_t||. */
export interface HistoryGrid {
  rows: number;
  steps: number;
  /** Norm at row r, timestep t; undefined where that row has no such timestep. */
  value: (r: number, t: number) => number | undefined;
  /** The training step of row r. */
  stepOf: (r: number) => number;
  scale: ColorScale;
  /** The NaN and ±Infinity kinds among the norms (hatched cells, listed in the legend). */
  nonFinite: NonFiniteKind[];
}

/** Display rows at most: one per training step up to this, then evenly spaced steps. */
const MAX_ROWS = 200;

/**
 * Rows are placed linearly in training steps: row r stands for one step of an even grid from the
 * first recorded step to the last, and shows the latest record at or before it. Records are dense
 * early and sparse later (the host thins them), so one row per record would give the first few
 * steps a third of the chart.
 */
export function historyGrid(history: readonly GradientHistoryRow[], key: string): HistoryGrid {
  const norms = history.map((row) => row.norms[key] ?? []);
  const steps = Math.max(0, ...norms.map((n) => n.length));
  const first = history[0]?.step ?? 0;
  const span = (history.at(-1)?.step ?? 0) - first;
  const rows = history.length === 0 ? 0 : Math.min(MAX_ROWS, span + 1);
  const stepOf = (r: number) => first + (rows > 1 ? Math.round((r * span) / (rows - 1)) : 0);
  const record: number[] = [];
  for (let r = 0, i = 0; r < rows; r++) {
    while (i + 1 < history.length && (history[i + 1]?.step ?? Infinity) <= stepOf(r)) i++;
    record.push(i);
  }
  return {
    rows,
    steps,
    value: (r, t) => norms[record[r] ?? -1]?.[t],
    stepOf,
    scale: logMagnitudeScale(norms.flat()),
    nonFinite: nonFiniteKinds(norms.flat()),
  };
}

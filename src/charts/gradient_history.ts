import type { GradientHistoryRow } from '../lab/host/protocol.ts';
import { logMagnitudeScale, type ColorScale } from './color.ts';

/** Training steps (rows, oldest on top) x timesteps (columns) of one layer/direction's ||dL/dh_t||. */
export interface HistoryGrid {
  rows: number;
  steps: number;
  /** Norm at row r, timestep t; NaN where that row has no such timestep. */
  value: (r: number, t: number) => number;
  /** The training step of row r. */
  stepOf: (r: number) => number;
  scale: ColorScale;
}

export function historyGrid(history: readonly GradientHistoryRow[], key: string): HistoryGrid {
  const norms = history.map((row) => row.norms[key] ?? []);
  const steps = Math.max(0, ...norms.map((n) => n.length));
  return {
    rows: history.length,
    steps,
    value: (r, t) => norms[r]?.[t] ?? NaN,
    stepOf: (r) => history[r]?.step ?? 0,
    scale: logMagnitudeScale(norms.flat()),
  };
}

/** Row colour: the log scale for numbers, light grey for a missing timestep. */
export function historyColor(grid: HistoryGrid, r: number, t: number): string {
  const v = grid.value(r, t);
  return Number.isNaN(v) ? '#e6e6e6' : grid.scale.color(v);
}

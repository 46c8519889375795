import type { LayerTrace, Mode } from '../lab/run/probes.ts';
import { activationScale, divergingScale, maxAbs, type ColorScale } from './color.ts';
import { nonFiniteKinds, type NonFiniteKind } from './nonfinite.ts';

/** The units x timesteps matrix a heatmap shows, and how to colour it. */
export interface UnitGrid {
  units: number;
  steps: number;
  /** Value of unit `u` at timestep `t`. */
  value: (u: number, t: number) => number;
  scale: ColorScale;
  /** Legend title. */
  title: string;
  /** The NaN and ±Infinity kinds among the values (hatched cells, listed in the legend). */
  nonFinite: NonFiniteKind[];
}

/**
 * Forward: h_t per unit, on the activation's own range (tanh [-1, 1], relu by the data).
 * Backward: dL/dh_t per unit, signed, on a symmetric range from the data.
 */
export function unitGrid(trace: LayerTrace, mode: Mode, nonlinearity: 'tanh' | 'relu'): UnitGrid {
  const columns = mode === 'forward' ? trace.hidden : trace.gradHidden;
  const units = columns[0]?.length ?? 0;
  const value = (u: number, t: number) => columns[t]?.[u] ?? 0;
  const all = columns.flatMap((c) => Array.from(c));
  const nonFinite = nonFiniteKinds(all);
  if (mode === 'forward') {
    return { units, steps: columns.length, value, scale: activationScale(all, nonlinearity), title: `h_t (${nonlinearity})`, nonFinite };
  }
  // maxAbs skips NaN and ±Infinity: the finite gradients keep a scale that shows them.
  return { units, steps: columns.length, value, scale: divergingScale(maxAbs(all)), title: 'dL/dh_t', nonFinite };
}

/** Pixel height of one unit's row: taller for few units, never under 3 pixels. */
export function rowHeight(units: number): number {
  return Math.max(3, Math.min(16, Math.round(240 / Math.max(1, units))));
}

import type { LayerTrace, Mode } from '../lab/run/probes.ts';
import { logMagnitudeScale, magnitudeScale, type ColorScale } from './color.ts';
import { finiteExtent, nonFiniteKinds, type NonFiniteKind } from './nonfinite.ts';
import { labelIndices } from './ticks.ts';

/** One row of the diagram: the outputs, one layer's direction, or the inputs. */
export type UnrolledRow =
  | { kind: 'output'; y: number; h: number }
  | { kind: 'input'; y: number; h: number }
  | { kind: 'hidden'; y: number; h: number; layer: number; direction: number };

export interface UnrolledLayout {
  /** Centre x of timestep t's column. */
  x: (t: number) => number;
  colW: number;
  cellW: number;
  rows: UnrolledRow[];
  height: number;
  /** Timesteps whose column gets a text label. */
  labelled: number[];
  /** Room for arrowheads between neighbouring cells; below it, plain lines. */
  arrowheads: boolean;
}

const IO_H = 20;
const CELL_H = 22;
const LAYER_GAP = 24;
const DIRECTION_GAP = 8;

/**
 * Columns are timesteps, rows top to bottom: outputs, layers from the top one down (forward
 * above reverse), inputs. Cells shrink with the column width so ~50 timesteps fit at 700px.
 */
export function unrolledLayout(steps: number, numLayers: number, directions: number, plotW: number): UnrolledLayout {
  const colW = plotW / Math.max(1, steps);
  const cellW = Math.max(3, Math.min(40, colW * 0.66));
  const rows: UnrolledRow[] = [];
  let y = 0;
  rows.push({ kind: 'output', y, h: IO_H });
  y += IO_H + LAYER_GAP;
  for (let layer = numLayers - 1; layer >= 0; layer--) {
    for (let direction = 0; direction < directions; direction++) {
      rows.push({ kind: 'hidden', y, h: CELL_H, layer, direction });
      y += CELL_H + (direction < directions - 1 ? DIRECTION_GAP : LAYER_GAP);
    }
  }
  rows.push({ kind: 'input', y, h: IO_H });
  y += IO_H;
  return {
    x: (t) => (t + 0.5) * colW,
    colW,
    cellW,
    rows,
    height: y,
    labelled: labelIndices(steps, plotW, 24),
    arrowheads: colW - cellW >= 7,
  };
}

export interface CellTint {
  value: (trace: LayerTrace, t: number) => number;
  scale: ColorScale;
  title: string;
  /** NaN and ±Infinity among the values: those cells are hatched, and the legend says so. */
  nonFinite: NonFiniteKind[];
}

/**
 * What tints the cells: ||h_t|| forward (linear), ||dL/dh_t|| backward (log, it spans decades).
 * Both scales come from the finite values only.
 */
export function cellTint(layers: readonly LayerTrace[], mode: Mode): CellTint {
  if (mode === 'backward') {
    const all = layers.flatMap((tr) => tr.gradNorm);
    return {
      value: (tr, t) => tr.gradNorm[t] ?? 0,
      scale: logMagnitudeScale(all),
      title: '||dL/dh_t|| (log)',
      nonFinite: nonFiniteKinds(all),
    };
  }
  const norms = new Map(layers.map((tr) => [tr, tr.hidden.map(l2)]));
  const value = (tr: LayerTrace, t: number) => norms.get(tr)?.[t] ?? 0;
  const all = Array.from(norms.values()).flat();
  return { value, scale: magnitudeScale(finiteExtent(all)[1]), title: '||h_t||', nonFinite: nonFiniteKinds(all) };
}

function l2(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/** Whether `text` fits in `width` pixels at the diagram's 11px font (about 6.5px a character). */
export function fits(text: string, width: number): boolean {
  return text.length * 6.5 <= width - 2;
}

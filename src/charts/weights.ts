import type { PlainArray } from '../lab/run/plain.ts';
import { layerKey } from '../lab/run/layer_key.ts';
import { divergingScale, maxAbs, type ColorScale } from './color.ts';

/**
 * A parameter of one layer/direction by its PyTorch base name (`weight_ih`, `bias_hh`...). The
 * model names them `rnn.weight_ih_l0`; a bare `weight_ih_l0` (an nn.RNN on its own) works too.
 */
export function findParam(weights: Readonly<Record<string, PlainArray>>, base: string, layer: number, direction: number): PlainArray | undefined {
  const name = `${base}_${layerKey(layer, direction)}`;
  return weights[`rnn.${name}`] ?? weights[name];
}

/** One scale for W_ih and W_hh together, so equal colours mean equal weights across both. */
export function sharedWeightScale(mats: readonly (PlainArray | undefined)[]): ColorScale {
  return divergingScale(maxAbs(mats.flatMap((m) => (m ? Array.from(m.data) : []))));
}

/** Square cell size so both matrices fit side by side in `width` (or stacked when too narrow). */
export function weightCellSize(ih: readonly number[], hh: readonly number[], width: number, gap: number): { cell: number; stacked: boolean } {
  const [hRows = 0, ihCols = 0] = ih;
  const [, hhCols = 0] = hh;
  const side = (width - gap) / Math.max(1, ihCols + hhCols);
  const stacked = side < 4;
  const cell = stacked ? width / Math.max(1, ihCols, hhCols) : side;
  // Rows as tall as columns are wide, but a 64-unit layer must not grow taller than ~320px.
  return { cell: Math.max(2, Math.min(18, cell, 320 / Math.max(1, hRows))), stacked };
}

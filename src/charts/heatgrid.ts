import { rgb } from 'd3-color';
import { nonFiniteKind, type NonFiniteKind } from './nonfinite.ts';

/** A grid cell by row and column. */
export interface GridCell {
  row: number;
  col: number;
}

/**
 * RGBA pixels of a rows x cols grid, one pixel per cell, row-major: the canvas draws this image
 * scaled up without smoothing, which is far cheaper than one fillRect per cell.
 */
export function rasterize(rows: number, cols: number, color: (row: number, col: number) => string): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(rows * cols * 4);
  const cache = new Map<string, [number, number, number]>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const css = color(r, c);
      let v = cache.get(css);
      if (!v) {
        const p = rgb(css);
        v = [p.r, p.g, p.b];
        cache.set(css, v);
      }
      const i = (r * cols + c) * 4;
      px[i] = v[0];
      px[i + 1] = v[1];
      px[i + 2] = v[2];
      px[i + 3] = 255;
    }
  }
  return px;
}

/** The cell under (x, y) in a plot of `width` x `height` pixels, or null outside it. */
export function cellAt(x: number, y: number, rows: number, cols: number, width: number, height: number): GridCell | null {
  if (x < 0 || y < 0 || x >= width || y >= height || rows === 0 || cols === 0) return null;
  return { row: Math.min(rows - 1, Math.floor((y / height) * rows)), col: Math.min(cols - 1, Math.floor((x / width) * cols)) };
}

/** A cell with no value (a timestep a row does not have): light grey, unlike any scale colour. */
export const MISSING_CELL = '#e6e6e6';
/** Under a non-finite cell's hatching. */
const HATCHED_BASE = '#ffffff';

/**
 * A cell's colour: `color(v)` for a finite value, the hatching's white base for NaN and ±Infinity
 * (the hatching is drawn over it), light grey where there is no value.
 */
export function cellColor(v: number | undefined, color: (v: number) => string): string {
  if (v === undefined) return MISSING_CELL;
  return Number.isFinite(v) ? color(v) : HATCHED_BASE;
}

/** The non-finite cells of a grid by kind, as [row, col] pairs: what gets hatched, and the legend's kinds. */
export function nonFiniteCells(rows: number, cols: number, value: (row: number, col: number) => number | undefined): Map<NonFiniteKind, [number, number][]> {
  const out = new Map<NonFiniteKind, [number, number][]>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = value(r, c);
      const kind = v === undefined ? null : nonFiniteKind(v);
      if (kind === null) continue;
      const list = out.get(kind) ?? [];
      list.push([r, c]);
      out.set(kind, list);
    }
  }
  return out;
}

import { rgb } from 'd3-color';

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

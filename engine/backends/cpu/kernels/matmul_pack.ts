/**
 * Packing for the JS matmul: a matrix is copied into panels of `width` rows so the micro-kernel
 * reads both operands with unit stride whatever the caller's transposes were.
 */

/**
 * Copies the logical matrix M [rows, cols] into `dst` as panels of `width` rows: panel q holds
 * M[q * width + r, p] at dst[dstOff + q * width * cols + p * width + r]. M is read from `src` at
 * `srcOff`, stored row-major [rows, cols], or [cols, rows] when `transposed`. Rows past `rows` in
 * the last panel are zeroed, so kernels can run whole panels. Writes ceil(rows / width) * width *
 * cols floats.
 *
 * B [k, n] packed by columns is `packPanels(b, off, n, k, !transB, width, ...)`: B's columns are
 * the rows of its transpose.
 */
export function packPanels(
  src: Float32Array, srcOff: number, rows: number, cols: number, transposed: boolean,
  width: number, dst: Float32Array, dstOff: number,
): void {
  const panelSize = width * cols;
  if (transposed) {
    // Element (i, p) is at src[p * rows + i]: walk p outside so reads stay contiguous.
    for (let p = 0; p < cols; p++) {
      const s = srcOff + p * rows;
      for (let i = 0; i < rows; i++) {
        const r = i % width;
        dst[dstOff + (i - r) * cols + p * width + r] = src[s + i]!;
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const r = i % width;
      const d = dstOff + (i - r) * cols + r;
      const s = srcOff + i * cols;
      for (let p = 0; p < cols; p++) dst[d + p * width] = src[s + p]!;
    }
  }
  const padded = Math.ceil(rows / width) * width;
  if (padded === rows) return;
  const last = dstOff + (padded / width - 1) * panelSize;
  for (let p = 0; p < cols; p++) {
    for (let r = rows % width; r < width; r++) dst[last + p * width + r] = 0;
  }
}

/**
 * A reduced QR decomposition by Householder reflections, in float64 on the host: what
 * `nn.init.orthogonal_` needs (once per initialisation, on values drawn on the CPU anyway).
 */
import { check } from '../errors.ts';

/**
 * `a` (rows x cols, row-major, rows >= cols) as Q R: returns Q (rows x cols, orthonormal columns)
 * and the diagonal of R. The signs of a QR are a convention (LAPACK's and this one may differ per
 * column); `Q * sign(diag(R))` is unique, and that is what callers should use.
 *
 * @example
 * const { q, rDiag } = householderQr(Float64Array.from([3, 4]), 2, 1); // q = ±[0.6, 0.8], rDiag = ∓[5]
 */
export function householderQr(a: Float64Array, rows: number, cols: number): { q: Float64Array; rDiag: Float64Array } {
  check(rows >= cols && a.length === rows * cols, () => `householderQr expects a tall ${rows} x ${cols} matrix of ${rows * cols} values`);
  const r = Float64Array.from(a);
  const reflectors: Float64Array[] = [];
  for (let k = 0; k < cols; k++) {
    const v = new Float64Array(rows - k);
    for (let i = k; i < rows; i++) v[i - k] = r[i * cols + k]!;
    const norm = Math.hypot(...v);
    // Reflect x onto -sign(x0) * |x| e0, the choice that never cancels.
    v[0] = v[0]! + (v[0]! >= 0 ? norm : -norm);
    const vNorm = Math.hypot(...v);
    if (vNorm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / vNorm;
    reflectors.push(v);
    applyReflector(r, v, k, rows, cols);
  }
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) q[j * cols + j] = 1;
  for (let k = cols - 1; k >= 0; k--) applyReflector(q, reflectors[k]!, k, rows, cols);
  const rDiag = new Float64Array(cols);
  for (let k = 0; k < cols; k++) rDiag[k] = r[k * cols + k]!;
  return { q, rDiag };
}

/** m[k:, :] -= 2 v (v^T m[k:, :]) for the unit vector v (a zero v leaves m alone). */
function applyReflector(m: Float64Array, v: Float64Array, k: number, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    let dot = 0;
    for (let i = k; i < rows; i++) dot += v[i - k]! * m[i * cols + j]!;
    if (dot === 0) continue;
    for (let i = k; i < rows; i++) m[i * cols + j] = m[i * cols + j]! - 2 * dot * v[i - k]!;
  }
}

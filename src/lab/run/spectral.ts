/**
 * Spectral radius (largest |eigenvalue|) of a square matrix, cheaply, for the W_hh chart.
 *
 * Method: power iteration read through Gelfand's formula, rho(W) = lim ||W^k v||^(1/k). Plain
 * power iteration's Rayleigh quotient fails when the dominant eigenvalues are a complex pair or
 * a +/- pair (the iterate rotates instead of settling), which recurrent weights often have.
 * The *growth rate* of ||W^k v|| still tends to rho: we renormalise every step (no overflow),
 * discard a warm-up, and take the geometric mean of the per-step growth over the rest, which
 * averages out the rotation. Error is a few percent after ~60 steps on H <= 256; the chart
 * shows a trend, not a certificate. Cost: `iterations` matrix-vector products.
 */

/** A fixed, sign-varied start vector: deterministic, and unlikely to be orthogonal to anything. */
function startVector(n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 1 + ((i * 7919) % 13) / 13 - (i % 2 === 0 ? 0 : 1.3);
  return v;
}

/**
 * @param data row-major n x n matrix (PyTorch's weight_hh_l{k} layout)
 * @param n side length
 * @example
 * spectralRadius(Float32Array.of(0, -0.5, 0.5, 0), 2); // ~0.5 (eigenvalues +/-0.5i)
 */
export function spectralRadius(data: ArrayLike<number>, n: number, iterations = 64, warmup = 16): number {
  if (n === 0) return 0;
  let v: Float64Array = startVector(n);
  let next: Float64Array = new Float64Array(n);
  let logGrowth = 0;
  let counted = 0;
  let norm = Math.hypot(...v);
  for (let i = 0; i < n; i++) v[i]! /= norm;
  for (let k = 0; k < iterations; k++) {
    for (let r = 0; r < n; r++) {
      let s = 0;
      const row = r * n;
      for (let c = 0; c < n; c++) s += (data[row + c] as number) * (v[c] as number);
      next[r] = s;
    }
    norm = 0;
    for (let r = 0; r < n; r++) norm += (next[r] as number) ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return norm === 0 ? 0 : Number.NaN;
    for (let r = 0; r < n; r++) next[r]! /= norm;
    if (k >= warmup) {
      logGrowth += Math.log(norm);
      counted += 1;
    }
    [v, next] = [next, v];
  }
  return Math.exp(logGrowth / counted);
}

/**
 * Tick values for a training-step axis: d3's, whole steps only (over a domain such as [150, 151]
 * d3 would also place 150.2, 150.4, ...).
 */
export function stepTicks(scale: { ticks: (count: number) => number[] }, count: number): number[] {
  return scale.ticks(count).filter(Number.isInteger);
}

/**
 * Tick values for a log axis over [lo, hi]: powers of ten, thinned to at most `max`; when the
 * range spans less than two decades, `fallback` (d3's own ticks) reads better.
 */
export function logTicks(lo: number, hi: number, max: number, fallback: () => number[]): number[] {
  const a = Math.ceil(Math.log10(Math.min(lo, hi)) - 1e-9);
  const b = Math.floor(Math.log10(Math.max(lo, hi)) + 1e-9);
  if (b - a < 1) return fallback();
  const step = Math.ceil((b - a + 1) / max);
  const out: number[] = [];
  // `10 ** -4` is 0.00009999999999999999 in floating point; parsing `1e-4` is exact.
  for (let e = a; e <= b; e += step) out.push(Number(`1e${e}`));
  return out;
}

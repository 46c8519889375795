/** Reductions over the middle axis of an [outer, size, inner] view. */
import type { CpuKernel } from './kernel.ts';

/** The smallest magnitude that rounds to infinity in float32: 2^128 - 2^103. */
const FLOAT32_OVERFLOW = 2 ** 128 - 2 ** 103;

/**
 * `s + v` for a running sum kept in float64 (so long reductions do not drift), except that a sum
 * that float32 could not hold becomes ±inf and stays there, as PyTorch's float32 accumulator does:
 * [3e38, 3e38, -3e38] sums to inf, not 3e38, and inf - inf is NaN.
 */
export function addFloat32Overflow(s: number, v: number): number {
  const t = s + v;
  return t >= FLOAT32_OVERFLOW ? Infinity : t <= -FLOAT32_OVERFLOW ? -Infinity : t;
}

export const reduce: CpuKernel<'reduce'> = ({ x: a }, { out }, { op, outer, size, inner }) => {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let j = 0; j < inner; j++) {
      const start = base + j;
      if (op === 'sum') {
        let s = 0;
        for (let r = 0; r < size; r++) s = addFloat32Overflow(s, a[start + r * inner]!);
        out[o * inner + j] = s;
      } else {
        const wantMax = op === 'max' || op === 'argmax';
        let best = a[start]!;
        let bestAt = 0;
        for (let r = 1; r < size; r++) {
          const v = a[start + r * inner]!;
          // NaN wins, as in PyTorch; ties keep the first index.
          if (Number.isNaN(best)) break;
          if (Number.isNaN(v) || (wantMax ? v > best : v < best)) {
            best = v;
            bestAt = r;
          }
        }
        out[o * inner + j] = op === 'argmax' || op === 'argmin' ? bestAt : best;
      }
    }
  }
};

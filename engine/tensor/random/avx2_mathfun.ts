/**
 * Float32 `log` and `sincos` exactly as PyTorch's AVX2 build computes them for `normal_`: the
 * Cephes polynomials of `avx_mathfun.h` (Pommier / Garberoglio), one lane at a time. Two things
 * make the bits come out the same as the vector code:
 * - every operation rounds to float32 (`Math.fround` after each step), and
 * - GCC builds that file with `-mfma` and contracts a multiply into the add or subtract that is
 *   its only use (it walks the statements in order, so of two products feeding one add, the
 *   earlier one is fused). Those spots use {@link fmaf}, and comments name them.
 * Checked against Debian's PyTorch 1.13.1 (CPU capability AVX2), see `random.test.ts`.
 */
import { fmaf } from './fmaf.ts';

const f32 = Math.fround;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

function toBits(x: number): number {
  bits[0] = x;
  return word[0]!;
}

function fromBits(w: number): number {
  word[0] = w;
  return bits[0]!;
}

const MIN_NORM_POS = fromBits(0x00800000);
const SQRTHF = f32(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32);
const LOG_Q1 = f32(-2.1219444e-4);
const LOG_Q2 = f32(0.693359375);

/**
 * Natural log of a float32 (NaN for `x <= 0`), as `log256_ps` with GCC's contractions.
 *
 * @example
 * log256(0.5); // -0.6931472, within an ulp of Math.log(0.5)
 */
export function log256(xIn: number): number {
  if (!(xIn > 0)) return NaN;
  // Split x = m * 2^e with m in [0.5, 1): the exponent from the bits, cutting off denormals.
  const w = toBits(Math.max(xIn, MIN_NORM_POS));
  let x = fromBits((w & ~0x7f800000) | 0x3f000000);
  let e = (w >>> 23) - 0x7f + 1;
  // Fold m below sqrt(1/2) up by a factor 2, so the polynomial sees x = m - 1 in about ±0.3.
  if (x < SQRTHF) {
    e -= 1;
    x = f32(f32(x - 1) + x);
  } else {
    x = f32(x - 1);
  }
  const z = f32(x * x);
  // Horner: each `y * x + p` is one FMA.
  let y = LOG_P[0]!;
  for (let i = 1; i < LOG_P.length; i++) y = fmaf(y, x, LOG_P[i]!);
  y = f32(y * x);
  // `y * z + e * q1`: the earlier product (y * z) is the one fused.
  y = fmaf(y, z, f32(e * LOG_Q1));
  // z * 0.5 is exact, so fusing it changes nothing.
  y = f32(y - z * 0.5);
  return fmaf(e, LOG_Q2, f32(x + y));
}

const FOPI = f32(1.27323954473516);
const MINUS_DP1 = f32(-0.78515625);
const MINUS_DP2 = f32(-2.4187564849853515625e-4);
const MINUS_DP3 = f32(-3.77489497744594108e-8);
const SINCOF = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32);
const COSCOF = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32);

/**
 * Sine and cosine of a float32, as `sincos256_ps` with GCC's contractions. Accurate for
 * |x| < 8192 (the vector code skips Cephes' extra reduction above that).
 *
 * @example
 * const [s, c] = sincos256(Math.fround(1)); // 0.84147096, 0.5403023
 */
export function sincos256(xIn: number): [sin: number, cos: number] {
  const negative = xIn < 0 || Object.is(xIn, -0);
  let x = Math.abs(xIn);
  // Octant j (rounded up to even) of |x| * 4/pi, truncated like cvttps.
  let j = Math.trunc(f32(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j;
  // Extended-precision reduction x - y*pi/4 in three parts, each an FMA.
  x = fmaf(y, MINUS_DP1, x);
  x = fmaf(y, MINUS_DP2, x);
  x = fmaf(y, MINUS_DP3, x);
  const flipSin = negative !== ((j & 4) !== 0);
  const flipCos = ((j - 2) & 4) === 0;
  const sinFirst = (j & 2) === 0;

  const z = f32(x * x);
  let c = COSCOF[0]!;
  c = fmaf(c, z, COSCOF[1]!);
  c = fmaf(c, z, COSCOF[2]!);
  c = f32(c * z);
  // `c * z - z * 0.5`: the earlier product (c * z) is fused.
  c = fmaf(c, z, -f32(z * 0.5));
  c = f32(c + 1);
  let s = SINCOF[0]!;
  s = fmaf(s, z, SINCOF[1]!);
  s = fmaf(s, z, SINCOF[2]!);
  s = f32(s * z);
  s = fmaf(s, x, x);

  // The vector code adds the selected polynomial to a zero from the other lane; x + 0 is x
  // except that -0 + 0 is +0.
  const sin = (sinFirst ? s : c) + 0;
  const cos = (sinFirst ? c : s) + 0;
  return [flipSin ? -sin : sin, flipCos ? -cos : cos];
}

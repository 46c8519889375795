/**
 * A fused multiply-add in float32 (C's `fmaf`): `a * b + c` rounded once. PyTorch's AVX2 kernels
 * use FMA instructions (explicitly, and wherever GCC contracts a multiply into an add), so
 * reproducing their bits needs a single rounding where plain float32 arithmetic rounds twice.
 */

const f32 = Math.fround;
const bits = new Float32Array(1);
const word = new Uint32Array(bits.buffer);

/** The float32 next to `x` in the direction of `towards`. */
function stepToward(x: number, towards: number): number {
  if (x === 0) return towards > 0 ? 2 ** -149 : -(2 ** -149);
  bits[0] = x;
  // Moving the bit pattern by one moves the magnitude by one ulp; which way depends on the sign.
  word[0] = word[0]! + ((towards > x) === (x > 0) ? 1 : -1);
  return bits[0]!;
}

/**
 * `a * b + c` for float32 `a`, `b`, `c`, rounded once to float32.
 *
 * @example
 * fmaf(Math.fround(0.1), 10, -1); // 1.4901161e-8, where float32 mul-then-add gives 0
 */
export function fmaf(a: number, b: number, c: number): number {
  // Two 24-bit significands multiply exactly within a double's 53 bits.
  const p = a * b;
  const s = p + c;
  const r = f32(s);
  if (r === s || !Number.isFinite(s)) return r;
  // The exact sum is s + err (TwoSum). Rounding s then r can only go wrong when s sits exactly
  // halfway between two float32 values: then the sign of err says which way the exact sum lies.
  const v = s - p;
  const err = p - (s - v) + (c - v);
  if (err === 0) return r;
  const other = stepToward(r, s);
  if ((r + other) / 2 !== s) return r;
  return err > 0 === other > r ? other : r;
}

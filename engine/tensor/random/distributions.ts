/**
 * The values PyTorch 1.13's CPU kernels write into a contiguous float32 tensor of `n` elements
 * for `uniform_`, `rand`, `normal_`, `randn` and `bernoulli_`, drawing from a {@link Generator}
 * in the same order, so a seed gives PyTorch's numbers bit for bit.
 */
import { check } from '../../errors.ts';
import { log256, sincos256 } from './avx2_mathfun.ts';
import { fmaf } from './fmaf.ts';
import type { Generator } from './generator.ts';

const f32 = Math.fround;

function checkCount(op: string, n: number): void {
  check(Number.isSafeInteger(n) && n >= 0, () => `${op} expected a non-negative integer count, got ${n}`);
}

/**
 * `n` values of `tensor.uniform_(low, high)` on float32. The kernel casts the bounds to float32
 * first, then computes `u * (to - from) + from` in float32 with `u` from 24 random bits. Its AVX2
 * build contracts that into one fused multiply-add: rounding the product first differs in ~40% of
 * values when the bounds straddle 0.
 *
 * @example
 * uniform_(new Generator().manual_seed(0), 3, -0.5, 0.5); // [-0.0037, 0.2682, -0.4115], as PyTorch
 */
export function uniform_(gen: Generator, n: number, low: number, high: number): Float32Array {
  checkCount('uniform_', n);
  const from = f32(low);
  const range = f32(f32(high) - from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = fmaf(gen.randomFloat(), range, from);
  return out;
}

/**
 * `torch.rand(n)`: uniform in [0, 1).
 *
 * @example
 * rand(new Generator().manual_seed(0), 3); // [0.4963, 0.7682, 0.0885]
 */
export function rand(gen: Generator, n: number): Float32Array {
  return uniform_(gen, n, 0, 1);
}

const TWO_PI = f32(2 * Math.PI);

/**
 * Box-Muller on 16 floats in place, as `normal_fill_16_AVX2`: the first 8 hold u1, the last 8
 * u2; out come r*cos (first 8) and r*sin (last 8), each `fma(n, std, mean)` in float32.
 */
function normalFill16(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const radius = f32(Math.sqrt(f32(-2 * log256(f32(1 - data[at + j]!)))));
    const [sin, cos] = sincos256(f32(TWO_PI * data[at + j + 8]!));
    data[at + j] = fmaf(f32(radius * cos), std, mean);
    data[at + j + 8] = fmaf(f32(radius * sin), std, mean);
  }
}

/**
 * `n` values of `tensor.normal_(mean, std)` on float32. Like PyTorch, two paths:
 * - n >= 16 (contiguous float32): all n float uniforms first, Box-Muller in blocks of 16, and
 *   when n is not a multiple of 16 the last 16 redrawn and transformed again (AVX2 kernel,
 *   float32 math; mean and std cast to float32).
 * - n < 16: one double-precision normal per element (two 53-bit uniforms per pair, the second
 *   sample cached in the generator), cast to float32.
 *
 * @example
 * normal_(new Generator().manual_seed(0), 3, 0, 1); // [1.5410, -0.2934, -2.1788]
 */
export function normal_(gen: Generator, n: number, mean = 0, std = 1): Float32Array {
  checkCount('normal_', n);
  const out = new Float32Array(n);
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
    return out;
  }
  const m = f32(mean);
  const s = f32(std);
  for (let i = 0; i < n; i++) out[i] = gen.randomFloat();
  for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, m, s);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.randomFloat();
    normalFill16(out, n - 16, m, s);
  }
  return out;
}

/**
 * `torch.randn(n)`: standard normal values.
 *
 * @example
 * randn(new Generator().manual_seed(0), 3); // [1.5410, -0.2934, -2.1788]
 */
export function randn(gen: Generator, n: number): Float32Array {
  return normal_(gen, n, 0, 1);
}

/**
 * `n` values of `torch.empty(n).bernoulli_(p)` on float32: 1 where a 53-bit double uniform is
 * below p, else 0 (dropout draws its mask this way with `1 - p`). This is PyTorch's CPU path for
 * builds without MKL, as Debian's; builds with MKL on Intel CPUs draw differently.
 *
 * @example
 * bernoulli_(new Generator().manual_seed(0), 12, 0.3); // [0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1], as PyTorch
 */
export function bernoulli_(gen: Generator, n: number, p: number): Float32Array {
  checkCount('bernoulli_', n);
  check(p >= 0 && p <= 1, () => `bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.randomDouble() < p ? 1 : 0;
  return out;
}

/**
 * `torch.randperm(n)` on the CPU: 0..n-1, then for each position i < n - 1 a swap with
 * i + random() % (n - i). (PyTorch keeps this algorithm for n below 2^32 / 20.)
 *
 * @example
 * randperm_(new Generator().manual_seed(42), 10); // [7, 4, 0, 8, 2, 6, 9, 3, 1, 5], as PyTorch
 */
export function randperm_(gen: Generator, n: number): Float32Array {
  checkCount('randperm', n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const saved = out[i]!;
    out[i] = out[z + i]!;
    out[z + i] = saved;
  }
  return out;
}

/**
 * `n` values of `torch.randint(low, high)`: `random() % (high - low) + low` for ranges below
 * 2^32, PyTorch's `uniform_int_from_to_distribution`.
 *
 * @example
 * randint_(new Generator().manual_seed(11), 3, -3, 7); // [-2, 6, -3], as PyTorch
 */
export function randint_(gen: Generator, n: number, low: number, high: number): Float32Array {
  checkCount('randint', n);
  const range = high - low;
  check(range > 0 && range < 2 ** 32, () => `randint expects 0 < high - low < 2^32, got ${range}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (gen.random() % range) + low;
  return out;
}

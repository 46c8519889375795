/**
 * PyTorch's CPU random streams, bit for bit: the mt19937 generator behind `torch.manual_seed`
 * and the transforms `rand`, `randn`, `uniform_`, `normal_` and `bernoulli_` apply to it
 * (PyTorch 1.13's CPUGeneratorImpl and its distribution kernels). The same seed therefore gives
 * the same initial weights here as in PyTorch.
 */
import { check } from '../errors.ts';

const N = 624;
const M = 397;

/** Plain, JSON-serializable generator state (for snapshots of a training run). */
export interface GeneratorState {
  seed: number;
  mt: number[];
  index: number;
  /** PyTorch caches the second Box-Muller sample of its double-precision normal. */
  nextDoubleNormal: number | null;
}

/**
 * A random number generator, as `torch.Generator` on the CPU.
 *
 * @example
 * const g = new torch.Generator().manual_seed(42);
 * torch.rand([3], { generator: g });
 */
export class Generator {
  private mt = new Uint32Array(N);
  private index = N;
  private seed = 67280421310721;
  private nextDoubleNormal: number | null = null;

  constructor() {
    this.manual_seed(67280421310721);
  }

  /** Re-seeds like `torch.manual_seed(seed)`: mt19937 from the seed's low 32 bits. */
  manual_seed(seed: number): this {
    check(Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER, () =>
      `manual_seed expected a non-negative integer seed up to 2^53 - 1, got ${seed}`,
    );
    this.seed = seed;
    const mt = this.mt;
    mt[0] = seed % 2 ** 32;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
    this.nextDoubleNormal = null;
    return this;
  }

  initial_seed(): number {
    return this.seed;
  }

  get_state(): GeneratorState {
    return { seed: this.seed, mt: Array.from(this.mt), index: this.index, nextDoubleNormal: this.nextDoubleNormal };
  }

  set_state(state: GeneratorState): this {
    check(state.mt.length === N, () => `set_state: expected ${N} state words, got ${state.mt.length}`);
    this.seed = state.seed;
    this.mt.set(state.mt);
    this.index = state.index;
    this.nextDoubleNormal = state.nextDoubleNormal;
    return this;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** The next 32 random bits. */
  random(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits of two draws (the first draw is the high word). */
  randomDouble(): number {
    const hi = this.random();
    const lo = this.random();
    // (hi << 32 | lo) & (2^53 - 1), times 2^-53.
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  /** A float32 in [0, 1) from the low 24 bits of one draw. */
  randomFloat(): number {
    return (this.random() & 0xffffff) * 2 ** -24;
  }

  /** PyTorch's double-precision normal (Box-Muller, second sample cached). */
  normalDouble(mean: number, std: number): number {
    if (this.nextDoubleNormal !== null) {
      const cached = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return cached * std + mean;
    }
    const u1 = this.randomDouble();
    const u2 = this.randomDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }
}

/** The generator `torch.manual_seed` seeds and every draw uses by default. */
export const default_generator = new Generator();

const f32 = Math.fround;
const TWO_PI_F32 = f32(2 * Math.PI);

/** `n` values of `tensor.uniform_(low, high)` on float32: from, to and arithmetic in float32. */
export function uniform_(gen: Generator, n: number, low: number, high: number): Float32Array {
  const from = f32(low);
  const range = f32(f32(high) - from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.randomFloat() * range + from;
  return out;
}

/** `torch.rand(n)`: uniform [0, 1). */
export function rand(gen: Generator, n: number): Float32Array {
  return uniform_(gen, n, 0, 1);
}

/**
 * Box-Muller on 16 floats in place, in float32 as PyTorch's `normal_fill_16`: the first 8 hold
 * u1, the last 8 u2.
 */
function normalFill16(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f32(1 - data[at + j]!);
    const u2 = data[at + j + 8]!;
    const radius = f32(Math.sqrt(f32(-2 * f32(Math.log(u1)))));
    // theta as AVX2 builds compute it: float32(2*pi) times u2, rounded to float32.
    const theta = f32(TWO_PI_F32 * u2);
    data[at + j] = f32(f32(radius * f32(Math.cos(theta))) * std) + mean;
    data[at + j + 8] = f32(f32(radius * f32(Math.sin(theta))) * std) + mean;
  }
}

/**
 * `n` values of `tensor.normal_(mean, std)` on float32. PyTorch takes a vectorised path for 16
 * or more contiguous floats (uniforms first, then Box-Muller in blocks of 16, the tail redrawn
 * as a last block of 16) and a per-element double-precision path below 16.
 */
export function normal_(gen: Generator, n: number, mean = 0, std = 1): Float32Array {
  const out = new Float32Array(n);
  const m = f32(mean);
  const s = f32(std);
  if (n >= 16) {
    for (let i = 0; i < n; i++) out[i] = gen.randomFloat();
    for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, m, s);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = gen.randomFloat();
      normalFill16(out, n - 16, m, s);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
  return out;
}

/** `torch.randn(n)`. */
export function randn(gen: Generator, n: number): Float32Array {
  return normal_(gen, n, 0, 1);
}

/**
 * `n` values of `tensor.bernoulli_(p)`: 1 where a double uniform is below p. This follows
 * PyTorch's non-MKL CPU path; builds that use MKL draw differently, and no golden file checks it.
 */
export function bernoulli_(gen: Generator, n: number, p: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.randomDouble() < p ? 1 : 0;
  return out;
}

/** Bound of `kaiming_uniform_(w, a=sqrt(5))`, Linear's default weight init, in Python's doubles. */
export function kaimingUniformBound(fanIn: number): number {
  if (fanIn === 0) return 0;
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2.0 / (1 + a ** 2));
  const std = gain / Math.sqrt(fanIn);
  return Math.sqrt(3.0) * std;
}

/** Bound of RNN and RNNCell init: U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). */
export function rnnInitBound(hiddenSize: number): number {
  return 1.0 / Math.sqrt(hiddenSize);
}

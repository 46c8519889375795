/**
 * PyTorch's CPU generator (`CPUGeneratorImpl` in 1.13): a 32-bit Mersenne Twister (mt19937)
 * seeded like `torch.manual_seed`, the 64-bit draws built from two 32-bit ones, and the cached
 * second sample of the Box-Muller normal.
 */
import { check } from '../../errors.ts';

const N = 624;
const M = 397;
/** PyTorch's `default_rng_seed_val`: the seed of a generator nobody seeded. */
const DEFAULT_SEED = 67280421310721;

/**
 * Plain, JSON-serializable generator state, for snapshots of a training run. It is not
 * PyTorch's `get_state()` byte layout.
 */
export interface GeneratorState {
  /** The seed given to `manual_seed` (what `initial_seed()` returns). */
  seed: number;
  /** The 624 mt19937 state words. */
  mt: number[];
  /** How many of those words have been used since the last twist (624: twist next). */
  index: number;
  /**
   * The cached second sample of the double-precision normal, or null. (PyTorch also caches a
   * float normal, but no CPU kernel mirrored here draws one, so it would always be empty.)
   */
  nextDoubleNormal: number | null;
}

/**
 * A random number generator, as `torch.Generator` on the CPU: the same seed gives the same
 * stream as PyTorch.
 *
 * @example
 * const g = new Generator().manual_seed(42);
 * g.random(); // 1608637542, the first output of mt19937 seeded with 42
 */
/** The mutable part of a generator, held in one object so a scope can lend it (`use_generator`). */
interface Stream {
  mt: Uint32Array;
  index: number;
  seed: number;
  nextDoubleNormal: number | null;
}

function freshStream(): Stream {
  return { mt: new Uint32Array(N), index: N, seed: DEFAULT_SEED, nextDoubleNormal: null };
}

export class Generator {
  /** @internal Swapped by `use_generator` so the default generator draws from another stream. */
  _stream: Stream = freshStream();

  constructor() {
    this.manual_seed(DEFAULT_SEED);
  }

  /**
   * Re-seeds like `torch.manual_seed(seed)` and clears the cached normal samples; returns this
   * generator, so `new torch.Generator().manual_seed(42)` is one expression. PyTorch takes a
   * uint64 but mt19937 is seeded from its low 32 bits; the whole seed is remembered for
   * `initial_seed()`.
   *
   * @param seed a non-negative integer up to 2^53 - 1 (JavaScript's exact integers)
   */
  manual_seed(seed: number): this {
    check(Number.isSafeInteger(seed) && seed >= 0, () =>
      `manual_seed expected a non-negative integer seed up to 2^53 - 1, got ${seed}`,
    );
    const s = this._stream;
    s.seed = seed;
    const mt = s.mt;
    mt[0] = seed % 2 ** 32;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    s.index = N;
    s.nextDoubleNormal = null;
    return this;
  }

  /**
   * The seed this generator was last seeded with.
   *
   * @example
   * new torch.Generator().initial_seed(); // 67280421310721, PyTorch's default seed
   */
  initial_seed(): number {
    return this._stream.seed;
  }

  /**
   * A copy of the whole state, plain JSON data (PyTorch returns a ByteTensor; this is the same
   * information in a form a link or a snapshot can hold).
   *
   * @example
   * const saved = g.get_state();
   * const a = g.random();
   * g.set_state(saved);
   * g.random() === a; // true
   */
  get_state(): GeneratorState {
    const s = this._stream;
    return { seed: s.seed, mt: Array.from(s.mt), index: s.index, nextDoubleNormal: s.nextDoubleNormal };
  }

  /** Continues exactly from a state returned by {@link get_state}; returns this generator. */
  set_state(state: GeneratorState): this {
    check(Array.isArray(state.mt) && state.mt.length === N, () =>
      `set_state expected ${N} mt19937 state words, got ${Array.isArray(state.mt) ? state.mt.length : typeof state.mt}`,
    );
    check(state.mt.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32), () =>
      'set_state expected every mt19937 state word to be an integer in [0, 2^32)',
    );
    check(Number.isInteger(state.index) && state.index >= 0 && state.index <= N, () =>
      `set_state expected index in [0, ${N}], got ${state.index}`,
    );
    check(Number.isSafeInteger(state.seed) && state.seed >= 0, () =>
      `set_state expected a non-negative integer seed, got ${state.seed}`,
    );
    check(state.nextDoubleNormal === null || Number.isFinite(state.nextDoubleNormal), () =>
      `set_state expected nextDoubleNormal to be null or a finite number, got ${String(state.nextDoubleNormal)}`,
    );
    const s = this._stream;
    s.seed = state.seed;
    s.mt.set(state.mt);
    s.index = state.index;
    s.nextDoubleNormal = state.nextDoubleNormal;
    return this;
  }

  /** Regenerates all 624 words at once, as mt19937's `next_state`. */
  private twist(): void {
    const mt = this._stream.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this._stream.index = 0;
  }

  /** The next 32 random bits, as an unsigned integer (PyTorch's `random()`). */
  random(): number {
    if (this._stream.index >= N) this.twist();
    const s = this._stream;
    let y = s.mt[s.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** The next 64 random bits (PyTorch's `random64()`): two draws, the first the high word. */
  random64(): bigint {
    const hi = BigInt(this.random());
    return (hi << 32n) | BigInt(this.random());
  }

  /**
   * `uniform_real_distribution<double>(0, 1)`: the low 53 bits of `random64()` times 2^-53,
   * computed without a bigint.
   */
  randomDouble(): number {
    const hi = this.random();
    const lo = this.random();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  /** `uniform_real_distribution<float>(0, 1)`: the low 24 bits of `random()` times 2^-24. */
  randomFloat(): number {
    return (this.random() & 0xffffff) * 2 ** -24;
  }

  /**
   * `normal_distribution<double>(mean, std)`: Box-Muller on two double uniforms; the sine
   * sample is cached (unscaled) and returned, scaled, by the next call.
   */
  normalDouble(mean: number, std: number): number {
    const s = this._stream;
    if (s.nextDoubleNormal !== null) {
      const cached = s.nextDoubleNormal;
      s.nextDoubleNormal = null;
      return cached * std + mean;
    }
    const u1 = this.randomDouble();
    const u2 = this.randomDouble();
    // 1.13 takes log(1 - u2) (later versions log1p(-u2)); 1 - u2 is exact and never 0.
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this._stream.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }
}

/** The generator `torch.manual_seed` seeds and every draw uses by default. */
export const default_generator = new Generator();

/**
 * Runs `fn` with `generator` standing in for the default generator: every draw that would use
 * the global stream (`rand`, `randn`, `randperm`, `randint`, `bernoulli_`, initialisers,
 * `F.dropout`, `nn.Dropout`, `nn.RNN`'s dropout between layers) and every call that reads or
 * seeds it (`torch.manual_seed`, `get_rng_state`, `default_generator.get_state()`) uses
 * `generator` instead, and the global stream is left exactly where it was. PyTorch's RNN has no
 * generator argument, so this is how one run gets its own stream without touching another's.
 * Scopes nest. Only synchronous work is covered: `fn` must not return a Promise.
 *
 * @example
 * const run = new torch.Generator().manual_seed(7);
 * const [out] = torch.random.use_generator(run, () => rnn.forward(x)); // dropout masks from `run`
 */
export function use_generator<T>(generator: Generator, fn: () => T): T {
  const own = default_generator._stream;
  default_generator._stream = generator._stream;
  let result: T;
  try {
    result = fn();
  } finally {
    default_generator._stream = own;
  }
  check(!isThenable(result), () =>
    'use_generator(generator, fn): fn returned a Promise, but the generator only stands in for the default one ' +
      'until fn returns; draw inside the synchronous part, or call use_generator again after each await',
  );
  return result;
}

/**
 * Runs `fn` and then puts the default generator back in the state it had before, like PyTorch's
 * `torch.random.fork_rng()`: draws inside `fn` come from the global stream, but do not advance it.
 *
 * @example
 * const noise = torch.random.fork_rng(() => torch.randn([3])); // the next randn is unchanged
 */
export function fork_rng<T>(fn: () => T): T {
  const copy = new Generator().set_state(default_generator.get_state());
  return use_generator(copy, fn);
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

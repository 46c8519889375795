/**
 * A small, fast, seeded PRNG for generating task data (mulberry32: one 32-bit word of state).
 *
 * Data randomness is deliberately separate from the engine's PyTorch-exact generator: drawing a
 * batch must not shift the stream that initialises weights or drives dropout, and vice versa.
 * Mulberry32's period (2^32) and quality are ample for toy sequences; what matters here is that
 * the whole state is one integer, so a checkpoint carries it exactly and a restored run (moved to
 * another device, or off a lost GPU) draws the same batches it would have drawn.
 *
 * @example
 * const rng = new Rng(42);
 * rng.next();          // uniform in [0, 1)
 * rng.int(6);          // 0..5
 * const saved = rng.state();
 * const again = Rng.fromState(saved); // continues exactly where `rng` is now
 */

/** The complete generator state: a uint32. Plain data, safe to JSON-encode. */
export type RngState = number;

const TWO_POW_32 = 4294967296;

export class Rng {
  private s: number;

  /** @param seed any finite number; it is reduced to a uint32, so `42` and `42 + 2**32` agree. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
    this.s = Math.trunc(seed) >>> 0;
  }

  /** A generator that continues from a state returned by {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    return new Rng(state);
  }

  /** The current state; `Rng.fromState(rng.state())` yields the same future draws as `rng`. */
  state(): RngState {
    return this.s;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  /** A uniform integer in [0, n). `n` must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A normal draw (Box-Muller). It uses two uniforms and discards the second normal rather than
   * caching it, so the state stays a single integer.
   */
  normal(mean = 0, std = 1): number {
    // 1 - next() lies in (0, 1], keeping log() finite.
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

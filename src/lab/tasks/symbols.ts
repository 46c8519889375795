/** Shared pieces of the small-alphabet tasks (echo, reverse, pattern): labels, and the one one-hot encoder (text tasks and generation use it too). */
import type { Rng } from './rng.ts';

/** Letters naming `count` symbols: A, B, C, ... */
export function symbolLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}

/** `n * seqLen` symbols drawn uniformly from `count`, row-major `[n, seqLen]`. */
export function randomSymbols(rng: Rng, n: number, seqLen: number, count: number): Int32Array {
  const out = new Int32Array(n * seqLen);
  for (let i = 0; i < out.length; i++) out[i] = rng.int(count);
  return out;
}

/**
 * One-hot input `[n, seqLen, count]` from symbols `[n, seqLen]`; a negative symbol (padding)
 * leaves its step all zeros.
 */
export function oneHot(symbols: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(symbols.length * count);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i]!;
    if (s >= 0) out[i * count + s] = 1;
  }
  return out;
}

/**
 * A batch of random symbol sequences whose per-step class targets come from each sequence alone
 * (echo: the symbol k steps back; reverse: the mirrored sequence).
 */
export function symbolBatch(
  rng: Rng,
  n: number,
  seqLen: number,
  count: number,
  targetsOf: (sequence: Int32Array) => ArrayLike<number>,
): { input: Float32Array; inputShape: [number, number, number]; target: Float32Array; targetShape: [number, number] } {
  const seq = randomSymbols(rng, n, seqLen, count);
  const target = new Float32Array(n * seqLen);
  for (let i = 0; i < n; i++) {
    const row = i * seqLen;
    target.set(targetsOf(seq.subarray(row, row + seqLen)), row);
  }
  return { input: oneHot(seq, count), inputShape: [n, seqLen, count], target, targetShape: [n, seqLen] };
}

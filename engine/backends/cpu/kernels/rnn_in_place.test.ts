import { describe, expect, it } from 'vitest';
import type { RnnAttrs } from '../../kernel_names.ts';
import { rnnProductsInPlace } from '../wasm/rnn_wasm.ts';
import { rnn_backward, rnn_forward } from './rnn.ts';

/** Deterministic values in [-1, 1). */
function values(length: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** The first `n` of every group of `N` rows of `cols` floats, over `groups` groups. */
function firstRows(a: Float32Array, groups: number, N: number, n: number, cols: number): Float32Array {
  const out = new Float32Array(groups * n * cols);
  for (let g = 0; g < groups; g++) out.set(a.subarray(g * N * cols, (g * N + n) * cols), g * n * cols);
  return out;
}

const [T, I, H] = [20, 5, 12];

/**
 * Forward and backward of one layer over batch rows 0..N-1, where rows from 8 on are extra ones
 * with no gradient: the first 8 rows' results, and every weight gradient, do not depend on them
 * (T N stays within one k block of the products, and a float32 sum from +0 is unchanged by ±0).
 */
function run(N: number, extra: Partial<RnnAttrs>) {
  const attrs: RnnAttrs = { T, N, I, H, nonlinearity: 'tanh', reverse: false, hasBias: true, lengths: null, ...extra };
  const pick = (a: Float32Array, groups: number, cols: number) => firstRows(a, groups, 10, N, cols);
  const x = pick(values(T * 10 * I, 1), T, I);
  const h0 = pick(values(10 * H, 2), 1, H);
  const [wIh, wHh, bIh, bHh] = [values(H * I, 3), values(H * H, 4), values(H, 5), values(H, 6)];
  const gOut = pick(values(T * 10 * H, 7), T, H);
  const gHn = pick(values(10 * H, 8), 1, H);
  // The extra rows carry no gradient.
  for (let t = 0; t < T; t++) gOut.fill(0, (t * N + 8) * H, (t + 1) * N * H);
  gHn.fill(0, 8 * H);
  const out = new Float32Array(T * N * H);
  const hn = new Float32Array(N * H);
  rnn_forward([x, h0, wIh, wHh, bIh, bHh], [out, hn], attrs);
  const grads = [T * N * I, N * H, H * I, H * H, H].map((n) => new Float32Array(n));
  rnn_backward([x, h0, wIh, wHh, out, gOut, gHn], grads, attrs);
  const [gradX, gradH0, gradWih, gradWhh, gradB] = grads as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  return {
    inPlace: rnnProductsInPlace(attrs),
    rows: [firstRows(out, T, N, 8, H), firstRows(hn, 1, N, 8, H), firstRows(gradX, T, N, 8, I), firstRows(gradH0, 1, N, 8, H)],
    weights: [gradWih, gradWhh, gradB],
  };
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('the recurrence products read in the WebAssembly memory give the bits of those copied out', () => {
  for (const [name, extra] of [
    ['forward', {}],
    ['reversed, packed lengths', { reverse: true, lengths: [20, 20, 17, 15, 9, 9, 4, 1, 1, 1] }],
    ['relu, no bias', { nonlinearity: 'relu', hasBias: false }],
  ] as const) {
    it(name, () => {
      // N = 8 runs in place (rows a multiple of 4); N = 10 pads to 12 rows, so it copies.
      const lengths8 = 'lengths' in extra ? { lengths: extra.lengths.slice(0, 8) } : {};
      const inPlace = run(8, { ...extra, ...lengths8 });
      const copied = run(10, extra);
      expect([inPlace.inPlace, copied.inPlace]).toEqual([true, false]);
      inPlace.rows.forEach((a, i) => expect(bits(a)).toEqual(bits(copied.rows[i]!)));
      inPlace.weights.forEach((a, i) => expect(bits(a)).toEqual(bits(copied.weights[i]!)));
    });
  }
});

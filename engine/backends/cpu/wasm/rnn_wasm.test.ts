import { afterAll, describe, expect, it } from 'vitest';
import { torch } from '../../../index.ts';
import type { RnnAttrs } from '../../kernel_names.ts';
import { addFloat32Overflow } from '../kernels/reduce.ts';
import { rnnBackwardWasm, rnnFitsWasm } from './rnn_wasm.ts';

/** Deterministic values in [-scale, scale). */
function values(length: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 31 - 1) * scale;
  });
}

/** The bias gradient as kernels/rnn.ts's JavaScript path sums it: float64, row order, capped. */
function biasGradient(dPre: Float32Array, H: number): Float32Array {
  const sum = new Float64Array(H);
  for (let r = 0; r < dPre.length; r += H) for (let j = 0; j < H; j++) sum[j] = addFloat32Overflow(sum[j]!, dPre[r + j]!);
  return Float32Array.from(sum);
}

/** rnnBackwardWasm on odd sizes (N = 5 pads to 8 rows, H = 13 to 16 columns), packed lengths. */
function backward(attrs: RnnAttrs, gScale: number, wHh = values(attrs.H * attrs.H, 9)): { dPre: Float32Array; gB: Float32Array } {
  const { T, N, H } = attrs;
  // out = 0 makes tanh' = 1, so dPre is the incoming gradient itself and its sums can overflow.
  const out = new Float32Array(T * N * H);
  const gOut = values(T * N * H, 7, gScale);
  const dPre = new Float32Array(T * N * H);
  const gB = new Float32Array(H);
  rnnBackwardWasm(attrs, out, gOut, values(N * H, 8), wHh, dPre, new Float32Array(N * H), gB, null);
  return { dPre, gB };
}

describe('the WebAssembly backward sums the bias gradient as the JavaScript path does', () => {
  afterAll(async () => {
    await torch.set_num_threads(1);
  });

  const attrs: RnnAttrs = { T: 40, N: 5, I: 3, H: 13, nonlinearity: 'tanh', reverse: false, hasBias: true, lengths: [40, 33, 20, 7, 1] };

  it('to the bit, on ordinary values', () => {
    expect(rnnFitsWasm(attrs)).toBe(true);
    const { dPre, gB } = backward(attrs, 1);
    expect(new Uint32Array(gB.buffer)).toEqual(new Uint32Array(biasGradient(dPre, attrs.H).buffer));
  });

  it('with sums that float32 cannot hold turning into ±inf (and inf - inf into NaN) where PyTorch does', () => {
    // W_hh = 0 keeps the gradient through the state at 0, so dPre is grad_out itself.
    const { dPre, gB } = backward(attrs, 1e38, new Float32Array(attrs.H * attrs.H));
    const want = biasGradient(dPre, attrs.H);
    // The case is real: some columns overflow, some come back from the edge and stay finite.
    expect(want.some((v) => !Number.isFinite(v))).toBe(true);
    expect(want.some((v) => Number.isFinite(v))).toBe(true);
    expect(Array.from(gB)).toEqual(Array.from(want));
  });

  it('and the same bits on two threads, which split the columns', async () => {
    const wide: RnnAttrs = { ...attrs, T: 200, N: 30, H: 100, lengths: null };
    await torch.set_num_threads(1);
    const one = backward(wide, 1);
    await torch.set_num_threads(2);
    const two = backward(wide, 1);
    expect(new Uint32Array(two.gB.buffer)).toEqual(new Uint32Array(one.gB.buffer));
    expect(new Uint32Array(one.gB.buffer)).toEqual(new Uint32Array(biasGradient(one.dPre, wide.H).buffer));
  });
});

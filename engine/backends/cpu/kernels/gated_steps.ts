/**
 * What the fused LSTM and GRU kernels (lstm.ts, gru.ts) share: which steps an entry runs, where
 * its previous state is, float32 sigmoid, and the whole-sequence pieces done once per call.
 */
import type { GatedAttrs } from '../../kernel_names.ts';
import { addFloat32Overflow } from './reduce.ts';
import { zeroedRow64 } from './rnn.ts';

export const f32 = Math.fround;

/** sigmoid in float32, as PyTorch's 1 / (1 + exp(-v)). */
export function sigmoid(v: number): number {
  return f32(1 / f32(1 + f32(Math.exp(-v))));
}

/** Whether entry b runs time step t (always, without packing). */
export function runs(attrs: GatedAttrs, b: number, t: number): boolean {
  return attrs.lengths === null || t < attrs.lengths[b]!;
}

/** Whether time step t is entry b's first one, whose previous state is h0 (and c0). */
export function isFirst(attrs: GatedAttrs, b: number, t: number): boolean {
  return attrs.reverse ? t === (attrs.lengths === null ? attrs.T : attrs.lengths[b]!) - 1 : t === 0;
}

/** The time step whose state step t starts from (when t is not the first). */
export function previousTime(attrs: GatedAttrs, t: number): number {
  return attrs.reverse ? t + 1 : t - 1;
}

/** dst [cols, rows] = src [rows, cols] transposed, so per-step products never repack it. */
export function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c]!;
  }
}

/** Adds `bias` [width] onto every one of `rows` rows of buf. */
export function addBias(buf: Float32Array, rows: number, width: number, bias: Float32Array): void {
  for (let r = 0; r < rows * width; r += width) {
    for (let j = 0; j < width; j++) buf[r + j] = buf[r + j]! + bias[j]!;
  }
}

/** out [width] = the sum of `rows` rows of src, in float64 that overflows where float32 would. */
export function columnSums(src: Float32Array, rows: number, width: number, out: Float32Array): void {
  const sum = zeroedRow64(width);
  for (let r = 0; r < rows * width; r += width) {
    for (let j = 0; j < width; j++) sum[j] = addFloat32Overflow(sum[j]!, src[r + j]!);
  }
  out.set(sum);
}

/**
 * dst [T*N, width]: the state each step started from, h0 at an entry's first step, else the
 * `width` values from `offset` of the neighbouring step's row of `states` (rows of `stride`),
 * 0 past an entry's length. W_hh's gradient is then one product over all steps.
 */
export function previousStates(
  attrs: GatedAttrs, states: Float32Array, stride: number, offset: number, init: Float32Array, width: number, dst: Float32Array,
): void {
  const { T, N } = attrs;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < N; b++) {
      const at = (t * N + b) * width;
      if (!runs(attrs, b, t)) dst.fill(0, at, at + width);
      else if (isFirst(attrs, b, t)) dst.set(init.subarray(b * width, b * width + width), at);
      else {
        const from = (previousTime(attrs, t) * N + b) * stride + offset;
        dst.set(states.subarray(from, from + width), at);
      }
    }
  }
}

/**
 * Fused Elman RNN forward and backward through time, one layer and one direction per call
 * (the contract is in kernel_names.ts). The input projection of all steps, and in backward the
 * weight and input gradients, are single matrix multiplies over all T*N rows; only the
 * recurrence itself is per step. Scratch buffers grow and are reused across calls.
 */
import type { RnnAttrs } from '../../kernel_names.ts';
import { arg, type CpuKernel } from './kernel.ts';
import { matmul } from './matmul.ts';

let scratch = new Float32Array(0);

/** A reusable scratch region of at least `n` floats (contents undefined). */
function scratchOf(n: number): Float32Array {
  if (scratch.length < n) scratch = new Float32Array(n);
  return scratch.subarray(0, n);
}

/** out [m, n] = a [m, k] times b^T where b is [n, k] (or b as is with `transB` false). */
function mm(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  matmul([a, b], [out], { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 });
}

/** Whether batch entry b runs step t. */
function valid(lengths: readonly number[] | null, b: number, t: number): boolean {
  return lengths === null || t < lengths[b]!;
}

export const rnn_forward: CpuKernel<'rnn_forward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, nonlinearity, reverse, hasBias, lengths } = attrs;
  const x = arg(inputs, 0);
  const h0 = arg(inputs, 1);
  const wIh = arg(inputs, 2);
  const wHh = arg(inputs, 3);
  const out = arg(outputs, 0);
  const hn = arg(outputs, 1);
  const tanh = nonlinearity === 'tanh';
  // out holds the input projection first; each step then adds the recurrent term in place.
  mm(x, wIh, out, T * N, I, H, false, true);
  if (hasBias) {
    const bIh = arg(inputs, 4);
    const bHh = arg(inputs, 5);
    for (let r = 0; r < T * N; r++) {
      const row = r * H;
      for (let j = 0; j < H; j++) out[row + j] = out[row + j]! + bIh[j]! + bHh[j]!;
    }
  }
  const work = scratchOf(2 * N * H);
  const hPrev = work.subarray(0, N * H);
  const rec = work.subarray(N * H, 2 * N * H);
  hPrev.set(h0);
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    mm(hPrev, wHh, rec, N, H, H, false, true);
    for (let b = 0; b < N; b++) {
      const row = (t * N + b) * H;
      if (!valid(lengths, b, t)) {
        out.fill(0, row, row + H);
        continue;
      }
      for (let j = 0; j < H; j++) {
        const pre = out[row + j]! + rec[b * H + j]!;
        const h = tanh ? Math.tanh(pre) : pre > 0 ? pre : 0;
        out[row + j] = h;
        hPrev[b * H + j] = h;
      }
    }
  }
  hn.set(hPrev);
};

export const rnn_backward: CpuKernel<'rnn_backward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, nonlinearity, reverse, lengths } = attrs;
  const x = arg(inputs, 0);
  const h0 = arg(inputs, 1);
  const wIh = arg(inputs, 2);
  const wHh = arg(inputs, 3);
  const out = arg(inputs, 4);
  const gOut = arg(inputs, 5);
  const gHn = arg(inputs, 6);
  const [gx, gh0, gWih, gWhh, gb] = [0, 1, 2, 3, 4].map((i) => arg(outputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const tanh = nonlinearity === 'tanh';
  const rows = T * N;
  const work = scratchOf(2 * rows * H + 2 * N * H);
  const dPre = work.subarray(0, rows * H);
  const hBefore = work.subarray(rows * H, 2 * rows * H);
  const dh = work.subarray(2 * rows * H, 2 * rows * H + N * H);
  const dhNext = work.subarray(2 * rows * H + N * H);
  dh.set(gHn);
  // Walk the steps in the reverse of the order the forward ran them.
  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    const prevT = reverse ? t + 1 : t - 1;
    for (let b = 0; b < N; b++) {
      const row = (t * N + b) * H;
      if (!valid(lengths, b, t)) {
        dPre.fill(0, row, row + H);
        hBefore.fill(0, row, row + H);
        continue;
      }
      const first = reverse ? t === (lengths === null ? T : lengths[b]!) - 1 : t === 0;
      const before = first ? h0.subarray(b * H, b * H + H) : out.subarray((prevT * N + b) * H, (prevT * N + b) * H + H);
      hBefore.set(before, row);
      for (let j = 0; j < H; j++) {
        const y = out[row + j]!;
        const g = dh[b * H + j]! + gOut[row + j]!;
        dPre[row + j] = tanh ? g * (1 - y * y) : y > 0 ? g : 0;
      }
    }
    // dh_{t-1} = dpre_t W_hh for the rows that ran step t; others carry dh through unchanged.
    mm(dPre.subarray(t * N * H, (t + 1) * N * H), wHh, dhNext, N, H, H, false, false);
    for (let b = 0; b < N; b++) {
      if (valid(lengths, b, t)) dh.set(dhNext.subarray(b * H, b * H + H), b * H);
    }
  }
  gh0.set(dh);
  mm(dPre, x, gWih, H, rows, I, true, false);
  mm(dPre, hBefore, gWhh, H, rows, H, true, false);
  mm(dPre, wIh, gx, rows, H, I, false, false);
  gb.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < H; j++) gb[j] = gb[j]! + dPre[r * H + j]!;
  }
};

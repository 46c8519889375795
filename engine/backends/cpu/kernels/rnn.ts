/**
 * Fused Elman RNN forward and backward through time, one layer and one direction per call (the
 * contract is in kernel_names.ts), the way cuDNN does it: the input projection of all steps, and
 * in backward the weight and input gradients, are single matrix products over all T*N rows; only
 * the recurrence itself goes step by step, over grow-only scratch, so a step allocates nothing.
 */
import type { RnnAttrs } from '../../kernel_names.ts';
import { arg, type CpuKernel } from './kernel.ts';
import type { Operand } from '../wasm/matmul_wasm.ts';
import { rnnBackwardWasm, rnnFitsWasm, rnnForwardWasm, rnnProductsInPlace } from '../wasm/rnn_wasm.ts';
import { gemm, gemmOf, gemmUsesWasm } from './matmul.ts';
import { addFloat32Overflow } from './reduce.ts';

const f32 = Math.fround;

/**
 * Grow-only scratch shared by both kernels: each call carves it up afresh, and kernels never run
 * inside one another, so no region outlives the call that took it.
 */
let scratch = new Float32Array(0);
let sums = new Float64Array(0);

/** A scratch region of `sizes` floats in total, split into consecutive views (contents undefined). */
export function regions(...sizes: number[]): Float32Array[] {
  const total = sizes.reduce((s, n) => s + n, 0);
  if (scratch.length < total) scratch = new Float32Array(total);
  let at = 0;
  return sizes.map((n) => scratch.subarray(at, (at += n)));
}

/** A float64 scratch row of `n` zeros, for the bias gradient's sum over many rows. */
export function zeroedRow64(n: number): Float64Array {
  if (sums.length < n) sums = new Float64Array(n);
  const row = sums.subarray(0, n);
  row.fill(0);
  return row;
}

/** Steps batch entry b runs: all T, or its packed length. */
function lengthOf(attrs: RnnAttrs, b: number): number {
  return attrs.lengths === null ? attrs.T : attrs.lengths[b]!;
}

/** The time index at which entry b starts, from h0: 0, or its last valid step when reversed. */
function firstStep(attrs: RnnAttrs, b: number): number {
  return attrs.reverse ? lengthOf(attrs, b) - 1 : 0;
}

/**
 * inputs x [T,N,I], h0 [N,H], W_ih [H,I], W_hh [H,H], then b_ih [H], b_hh [H] when `hasBias`;
 * outputs out [T,N,H] (h_t at every step, 0 past an entry's length) and h_n [N,H].
 */
export const rnn_forward: CpuKernel<'rnn_forward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, nonlinearity, reverse, hasBias, lengths } = attrs;
  const x = arg(inputs, 0);
  const wIh = arg(inputs, 2);
  const wHh = arg(inputs, 3);
  const out = arg(outputs, 0);
  const hn = arg(outputs, 1);
  const tanh = nonlinearity === 'tanh';
  const block = N * H;
  const bIh = hasBias ? arg(inputs, 4) : null;
  const bHh = hasBias ? arg(inputs, 5) : null;
  // out first holds the input gates x_t W_ih^T + b_ih of every step. Each step then forms
  // (h_{t-1} W_hh^T + b_hh) + input gates in PyTorch's order, every sum rounded to float32, so
  // values that overflow do so where PyTorch's do (inf, then NaN from inf - inf).
  if (rnnFitsWasm(attrs)) {
    // The input gates go straight into the recurrence's memory where its layout allows, and the
    // recurrence adds b_ih itself, in the same pass.
    const inPlace = rnnProductsInPlace(attrs) && gemmUsesWasm(T * N, I, H);
    if (!inPlace) gemm(x, 0, wIh, 0, out, 0, T * N, I, H, false, true, false);
    const project = (gates: Operand): void => gemmOf({ data: x, off: 0 }, { data: wIh, off: 0 }, gates, T * N, I, H, false, true, false);
    rnnForwardWasm(attrs, out, arg(inputs, 1), wHh, bIh, bHh, hn, inPlace ? project : null);
    return;
  }
  gemm(x, 0, wIh, 0, out, 0, T * N, I, H, false, true, false);
  if (bIh !== null) {
    for (let r = 0; r < T * block; r += H) {
      for (let j = 0; j < H; j++) out[r + j] = out[r + j]! + bIh[j]!;
    }
  }
  // h_{t-1} lives in its own buffer, not in out: a packed reverse entry starts from h0 at its own
  // last step, where out's neighbouring step is padding. hGates holds one step's h_{t-1} W_hh^T.
  const [hPrev, wHhT, hGates] = regions(block, H * H, block) as [Float32Array, Float32Array, Float32Array];
  hPrev.set(arg(inputs, 1).subarray(0, block));
  // W_hh^T once, so the T recurrent products take B untransposed and never repack it.
  for (let j = 0; j < H; j++) {
    for (let k = 0; k < H; k++) wHhT[k * H + j] = wHh[j * H + k]!;
  }
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    gemm(hPrev, 0, wHhT, 0, hGates, 0, N, H, H, false, false, false);
    for (let b = 0; b < N; b++) {
      const row = t * block + b * H;
      if (lengths !== null && t >= lengths[b]!) {
        out.fill(0, row, row + H);
        continue;
      }
      const state = b * H;
      for (let j = 0; j < H; j++) {
        const hg = bHh === null ? hGates[state + j]! : f32(hGates[state + j]! + bHh[j]!);
        const pre = f32(hg + out[row + j]!);
        // pre < 0 is false for NaN: relu passes NaN on, as PyTorch's does.
        const h = tanh ? Math.tanh(pre) : pre < 0 ? 0 : pre;
        out[row + j] = h;
        hPrev[state + j] = h;
      }
    }
  }
  hn.set(hPrev);
};

/**
 * inputs x, h0, W_ih, W_hh, out (the saved forward output), grad_out [T,N,H], grad_hn [N,H];
 * outputs grad_x [T,N,I], grad_h0 [N,H], grad_W_ih [H,I], grad_W_hh [H,H], grad_b [H].
 * Only the output is saved from forward: tanh' = 1 - y^2 and relu' = (y > 0, or NaN) come from it.
 */
export const rnn_backward: CpuKernel<'rnn_backward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, reverse } = attrs;
  const x = arg(inputs, 0);
  const h0 = arg(inputs, 1);
  const wIh = arg(inputs, 2);
  const wHh = arg(inputs, 3);
  const out = arg(inputs, 4);
  const gOut = arg(inputs, 5);
  const gradX = arg(outputs, 0);
  const gradH0 = arg(outputs, 1);
  const gradWih = arg(outputs, 2);
  const gradWhh = arg(outputs, 3);
  const gradB = arg(outputs, 4);
  const block = N * H;
  const rows = T * N;
  // dPre: the gradient into every pre-activation; dh: into h_t, carried down the steps; dhNext:
  // dpre_t W_hh, which a packed entry takes only on its valid steps; firsts: dpre at each
  // entry's first step, whose h_{t-1} is h0.
  const [dPre, dh, dhNext, firsts] = regions(rows * H, block, block, block) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const inWasm = rnnFitsWasm(attrs);
  // grad_W_ih = dpre^T x, grad_x = dpre W_ih, and grad_W_hh = sum_t dpre_t^T h_{t-1}. Where h_{t-1}
  // is h0 (each entry's first step) that is one product over the gathered first-step rows;
  // everywhere else h_{t-1} is out at the neighbouring step, so it is a single product of dpre
  // against out shifted by one step. A packed reverse entry's first step meets padding (out = 0)
  // in that shifted product, so nothing is counted twice. dpre and out are JavaScript arrays, or
  // (rnnProductsInPlace) still in the WebAssembly memory, where the products read them.
  const products = (dP: Operand, y: Operand): void => {
    const later = (m: Operand, steps: number): Operand =>
      'data' in m ? { data: m.data, off: m.off + steps * block } : { at: m.at + steps * N * m.pitch, pitch: m.pitch };
    gemmOf(dP, { data: x, off: 0 }, { data: gradWih, off: 0 }, H, rows, I, true, false, false);
    gemmOf(dP, { data: wIh, off: 0 }, { data: gradX, off: 0 }, rows, H, I, false, false, false);
    for (let b = 0; b < N; b++) {
      const first = firstStep(attrs, b);
      if (first < 0) firsts.fill(0, b * H, b * H + H);
      else firsts.set(dPre.subarray(first * block + b * H, first * block + b * H + H), b * H);
    }
    gemm(firsts, 0, h0, 0, gradWhh, 0, H, N, H, true, false, false);
    if (T > 1) {
      const [dSteps, hSteps] = reverse ? [0, 1] : [1, 0];
      gemmOf(later(dP, dSteps), later(y, hSteps), { data: gradWhh, off: 0 }, H, (T - 1) * N, H, true, false, true);
    }
  };
  const inPlace = inWasm && rnnProductsInPlace(attrs) && gemmUsesWasm(H, rows, I) && gemmUsesWasm(rows, H, I) && (T === 1 || gemmUsesWasm(H, (T - 1) * N, H));
  if (inWasm) rnnBackwardWasm(attrs, out, gOut, arg(inputs, 6), wHh, dPre, gradH0, gradB, inPlace ? products : null);
  else recurrenceBackward(attrs, out, gOut, arg(inputs, 6), wHh, dPre, dh, dhNext, gradH0);
  if (!inPlace) products({ data: dPre, off: 0 }, { data: out, off: 0 });

  // The bias gradient, unless WebAssembly summed it already (in the same order and precision).
  if (inWasm) return;
  const sum = zeroedRow64(H);
  for (let r = 0; r < rows * H; r += H) {
    for (let j = 0; j < H; j++) sum[j] = addFloat32Overflow(sum[j]!, dPre[r + j]!);
  }
  gradB.set(sum);
};

/** Backward through the recurrence in JavaScript, where WebAssembly can't: rnnBackwardWasm's contract. */
function recurrenceBackward(
  attrs: RnnAttrs, out: Float32Array, gOut: Float32Array, gHn: Float32Array, wHh: Float32Array,
  dPre: Float32Array, dh: Float32Array, dhNext: Float32Array, gradH0: Float32Array,
): void {
  const { T, N, H, nonlinearity, reverse, lengths } = attrs;
  const tanh = nonlinearity === 'tanh';
  const block = N * H;
  dh.set(gHn.subarray(0, block));
  // Undo the forward's order: its last step comes first.
  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    const at = t * block;
    for (let b = 0; b < N; b++) {
      const row = at + b * H;
      // Padding contributes nothing, and its grad_out is ignored.
      if (lengths !== null && t >= lengths[b]!) {
        dPre.fill(0, row, row + H);
        continue;
      }
      const state = b * H;
      for (let j = 0; j < H; j++) {
        const y = out[row + j]!;
        // Float32 arithmetic throughout, so a gradient overflows where PyTorch's does.
        const g = f32(dh[state + j]! + gOut[row + j]!);
        // relu' as PyTorch's threshold_backward: 0 where y <= 0, so a NaN y passes g on.
        dPre[row + j] = tanh ? g * f32(1 - f32(y * y)) : y <= 0 ? 0 : g;
      }
    }
    if (lengths === null) {
      gemm(dPre, at, wHh, 0, dh, 0, N, H, H, false, false, false);
      continue;
    }
    gemm(dPre, at, wHh, 0, dhNext, 0, N, H, H, false, false, false);
    for (let b = 0; b < N; b++) {
      if (t >= lengths[b]!) continue;
      for (let j = b * H; j < b * H + H; j++) dh[j] = dhNext[j]!;
    }
  }
  gradH0.set(dh);
}

/**
 * Batched matrix multiply on Float32Arrays. Every product goes through `gemm`, which picks the
 * WebAssembly SIMD kernel (wasm/matmul_wasm.ts) when it is available and the product is big
 * enough to repay copying into its memory, and the packed JS kernel (matmul_js.ts) otherwise.
 */
import { fitsWasm, gemmOperands, wasmGemm, type Operand } from '../wasm/matmul_wasm.ts';
import { arg, type CpuKernel } from './kernel.ts';
import { gemmJs } from './matmul_js.ts';

/**
 * Below this many multiply-adds (m * k * n) the JS kernel wins: the WASM path's fixed cost
 * (copying into its memory, a call, copying C back) outweighs its faster inner loop. Measured
 * with engine/bench/matmul.bench.ts (Node 20, x64): JS wins at 4x4x4, WASM from 8x8x8 (4 vs 1.3
 * GFLOP/s) and by 7-15x from 32x32x32 up.
 */
const WASM_MIN_MACS = 256;


/**
 * One matrix product into a slice of `out`, with no allocation once scratch buffers have grown:
 * out[outOff + i * n + j] (+)= sum_p opA[i, p] * opB[p, j] for i < m, j < n.
 *
 * @param a A's storage; A starts at `aOff`, stored row-major [m, k], or [k, m] when `transA`.
 * @param b B's storage, from `bOff`, stored [k, n], or [n, k] when `transB`.
 * @param out the output, written row-major [m, n] from `outOff`; it may overlap A or B.
 * @param accumulate add into `out` instead of overwriting it (e.g. summing gradient terms).
 *
 * Cost: on the WASM path both operands are copied into its memory and packed on every call, and
 * large products are split across the worker threads (torch.set_num_threads). A loop that reuses
 * one B, such as a recurrence over T steps, does better to keep B packed in the WASM memory
 * (wasm/rnn_wasm.ts does).
 *
 * @example
 * // h_t = x_t W_ih^T added onto a preloaded bias, for N rows of hidden size H:
 * gemm(x, t * N * I, wIh, 0, pre, 0, N, I, H, false, true, true);
 */
export function gemm(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
): void {
  const run = gemmUsesWasm(m, k, n) ? wasmGemm! : gemmJs;
  run(a, aOff, b, bOff, out, outOff, m, k, n, transA, transB, accumulate);
}

/** Whether `gemm` runs a product of this shape in WebAssembly (so its bits are that kernel's). */
export function gemmUsesWasm(m: number, k: number, n: number): boolean {
  return wasmGemm !== null && m * k * n >= WASM_MIN_MACS && fitsWasm(m, k, n);
}

/**
 * `gemm` over operands that may already lie in the WebAssembly memory (wasm/matmul_wasm.ts's
 * `Operand`): a recurrence's saved outputs and gradients, read where they are instead of being
 * copied out and back in. Any resident operand needs `gemmUsesWasm(m, k, n)`; the bits are
 * those `gemm` gives on the same values.
 */
export function gemmOf(a: Operand, b: Operand, out: Operand, m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  if ('data' in a && 'data' in b && 'data' in out) {
    gemm(a.data, a.off, b.data, b.off, out.data, out.off, m, k, n, transA, transB, accumulate);
    return;
  }
  gemmOperands(a, b, out, m, k, n, transA, transB, accumulate);
}

/** The `matmul` kernel: one `gemm` per batch entry, a stride of 0 reusing a single matrix. */
export const matmul: CpuKernel<'matmul'> = (inputs, outputs, attrs) => {
  const a = arg(inputs, 0);
  const b = arg(inputs, 1);
  const out = arg(outputs, 0);
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = attrs;
  for (let bt = 0; bt < batch; bt++) {
    gemm(a, bt * aBatchStride, b, bt * bBatchStride, out, bt * m * n, m, k, n, transA, transB, false);
  }
};

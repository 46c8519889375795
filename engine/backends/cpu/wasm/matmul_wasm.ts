/**
 * The WebAssembly SIMD matrix multiply: `gemm` in matmul.wat sums each 4x8 output tile in eight
 * f32x4 registers, over A packed in panels of 4 rows and B packed in panels of 8 columns (`pack`
 * does both, from either layout), so every step of the inner loop reads 16 + 32 consecutive
 * bytes. Operands come into the WebAssembly memory by plain copies, are packed there, and the
 * output rows are split between the worker threads (threads/pool.ts) when the product is big
 * enough: each thread covers whole row panels with the same k blocking, so the bits never depend
 * on the thread count.
 */
import { parallel, shares } from '../threads/pool.ts';
import { wasm, kernels, WASM_MAX_FLOATS, type WasmRuntime } from './runtime.ts';

const ROWS = 4;
const COLS = 8;
/**
 * Products below this many multiply-adds stay on one thread: waking a helper and waiting for it
 * costs a few microseconds, about what 2^18 multiply-adds take.
 */
export const PARALLEL_MIN_MACS = 1 << 18;

/** Signature of a gemm: see `gemm` in kernels/matmul.ts. */
export type Gemm = (
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
) => void;

/** B (stored [k, n], or [n, k] when transposed) packed in panels of 8 columns at float `at`. */
export function packB(rt: WasmRuntime, raw: number, at: number, k: number, n: number, transB: boolean): void {
  kernels(rt).pack(raw * 4, at * 4, n, Math.ceil(n / COLS) * COLS, k, transB ? k * 4 : 4, transB ? 4 : n * 4, 3);
}

/**
 * C (at float `c`, row pitch `ldc` floats) (+)= A packed (at float `pa`) times B packed (at `pb`),
 * split by row panels across the threads when the product is large.
 */
export function gemmPacked(pa: number, pb: number, c: number, ldc: number, m: number, k: number, n: number, add: boolean): void {
  const mPanels = Math.ceil(m / ROWS);
  const nPanels = Math.ceil(n / COLS);
  const jobs = shares(mPanels, m * k * n, PARALLEL_MIN_MACS).map(([first, count]) => [
    (pa + first * ROWS * k) * 4, ROWS * k * 4, ROWS * 4, 4, pb * 4, COLS * k * 4, COLS * 4,
    (c + first * ROWS * ldc) * 4, ldc * 4, count, nPanels, k, add ? 1 : 0,
  ]);
  parallel('gemm', jobs);
}

function makeWasmGemm(rt: WasmRuntime): Gemm {
  /**
   * Copies `rows` rows of `cols` floats from src[srcOff..] into the memory at float `at` with a
   * row pitch of `pitch` >= cols (one copy when they match).
   */
  function copyRows(src: Float32Array, srcOff: number, rows: number, cols: number, at: number, pitch: number): void {
    if (pitch === cols) {
      rt.f32.set(src.subarray(srcOff, srcOff + rows * cols), at);
      return;
    }
    for (let r = 0; r < rows; r++) rt.f32.set(src.subarray(srcOff + r * cols, srcOff + r * cols + cols), at + r * pitch);
  }

  return (a, aOff, b, bOff, out, outOff, m, k, n, transA, transB, accumulate) => {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) out.fill(0, outOff, outOff + m * n);
      return;
    }
    const mPad = Math.ceil(m / ROWS) * ROWS;
    const nPad = Math.ceil(n / COLS) * COLS;
    const mark = rt.mark();
    try {
      const rawA = rt.alloc(m * k);
      const rawB = rt.alloc(k * n);
      const pa = rt.alloc(mPad * k);
      const pb = rt.alloc(nPad * k);
      const c = rt.alloc(mPad * nPad);
      const heap = rt.f32;
      heap.set(a.subarray(aOff, aOff + m * k), rawA);
      heap.set(b.subarray(bOff, bOff + k * n), rawB);
      kernels(rt).pack(rawA * 4, pa * 4, m, mPad, k, transA ? 4 : k * 4, transA ? m * 4 : 4, 2);
      packB(rt, rawB, pb, k, n, transB);
      if (accumulate) copyRows(out, outOff, m, n, c, nPad);
      gemmPacked(pa, pb, c, nPad, m, k, n, accumulate);
      if (nPad === n) out.set(heap.subarray(c, c + m * n), outOff);
      else for (let i = 0; i < m; i++) out.set(heap.subarray(c + i * nPad, c + i * nPad + n), outOff + i * n);
    } finally {
      rt.release(mark);
    }
  };
}

/**
 * out[outOff..] (+)= op(A) @ op(B) on WebAssembly SIMD, with `gemm`'s arguments (kernels/matmul.ts),
 * or null where WebAssembly SIMD can't run here. The output may overlap an input: both are copied
 * into the module's memory before anything is written.
 */
export const wasmGemm: Gemm | null = wasm ? makeWasmGemm(wasm) : null;

/** Whether a product of this shape fits the WebAssembly memory with its packed copies. */
export function fitsWasm(m: number, k: number, n: number): boolean {
  return 2 * (m * k + k * n) + (m + ROWS) * (n + COLS) + 64 <= WASM_MAX_FLOATS;
}

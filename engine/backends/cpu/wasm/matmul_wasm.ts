/**
 * The WebAssembly SIMD matrix multiply: `gemm` in matmul.wat sums each 4x8 output tile in eight
 * f32x4 registers, over A read 4 rows at a time and B packed in panels of 8 columns (`pack`), so
 * every step of the inner loop reads 4 floats of A and 32 consecutive bytes of B. Operands come
 * into the WebAssembly memory by plain copies; row-major A is read where it lies, A stored
 * transposed and B are packed there. B's packing and the output rows are split between the worker
 * threads (threads/pool.ts) when the product is big enough: each thread covers whole row panels
 * with the same k blocking, so the bits never depend on the thread count.
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

/** Packs below this many floats stay on one thread. */
const PARALLEL_MIN_PACK = 1 << 16;

/**
 * B (stored [k, n] at float `raw`, or [n, k] when transposed) packed in panels of 8 columns at
 * float `at`; large ones split by column panels across the threads (a copy: no bits to differ).
 */
export function packB(raw: number, at: number, k: number, n: number, transB: boolean): void {
  const [rowStride, stepStride] = transB ? [k * 4, 4] : [4, n * 4];
  const nPanels = Math.ceil(n / COLS);
  const jobs = shares(nPanels, k * n, PARALLEL_MIN_PACK).map(([first, count]) => [
    (raw + first * COLS * (transB ? k : 1)) * 4, (at + first * COLS * k) * 4,
    Math.min(count * COLS, n - first * COLS), count * COLS, k, rowStride, stepStride, 3,
  ]);
  parallel('pack', jobs);
}

/**
 * Where gemm reads A, in bytes: A[4ip + r, p] at `at + ip * panel + p * step + r * row`
 * (matmul.wat). Row-major A is read in place (no packing); A stored transposed is packed first.
 */
export interface ALayout {
  at: number;
  panel: number;
  step: number;
  row: number;
}

/**
 * C (at float `c`, row pitch `ldc` floats) (+)= A (read as `a` says) times B packed (at float
 * `pb`), split by row panels across the threads when the product is large.
 */
export function gemmPacked(a: ALayout, pb: number, c: number, ldc: number, m: number, k: number, n: number, add: boolean): void {
  const mPanels = Math.ceil(m / ROWS);
  const nPanels = Math.ceil(n / COLS);
  const jobs = shares(mPanels, m * k * n, PARALLEL_MIN_MACS).map(([first, count]) => [
    a.at + first * a.panel, a.panel, a.step, a.row, pb * 4, COLS * k * 4, COLS * 4,
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
      // Row-major A is read in place; its padding rows (up to mPad) read whatever follows it,
      // which only reaches C's padding rows, never copied out.
      const pa = transA ? rt.alloc(mPad * k) : rawA;
      const pb = rt.alloc(nPad * k);
      const c = rt.alloc(mPad * nPad);
      const heap = rt.f32;
      heap.set(a.subarray(aOff, aOff + m * k), rawA);
      heap.set(b.subarray(bOff, bOff + k * n), rawB);
      if (transA) kernels(rt).pack(rawA * 4, pa * 4, m, mPad, k, 4, m * 4, 2);
      const aLayout: ALayout = transA
        ? { at: pa * 4, panel: ROWS * k * 4, step: ROWS * 4, row: 4 }
        : { at: rawA * 4, panel: ROWS * k * 4, step: 4, row: k * 4 };
      packB(rawB, pb, k, n, transB);
      if (accumulate) copyRows(out, outOff, m, n, c, nPad);
      gemmPacked(aLayout, pb, c, nPad, m, k, n, accumulate);
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

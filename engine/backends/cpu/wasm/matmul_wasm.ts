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
 * Products below this many multiply-adds stay on one thread: waking a helper that sleeps (it
 * does between training steps) and waiting for it costs tens of microseconds on a busy machine,
 * about what 2^20 multiply-adds take. Smaller limits made the S workload slower on two threads
 * than on one (its 32x320x32 weight gradient was split).
 */
export const PARALLEL_MIN_MACS = 1 << 20;

/** Signature of a gemm: see `gemm` in kernels/matmul.ts. */
export type Gemm = (
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
) => void;

/** Packs below this many floats stay on one thread. */
const PARALLEL_MIN_PACK = 1 << 16;

/** A matrix already in the WebAssembly memory: its stored rows, `pitch` floats apart, from float `at`. */
export interface Resident {
  at: number;
  pitch: number;
}

/** A matrix in a JavaScript array from `off` (rows as stored, no gaps), or one already resident. */
export type Operand = { data: Float32Array; off: number } | Resident;

/**
 * B (stored [k, n], or [n, k] when transposed) packed in panels of 8 columns at float `at`;
 * large ones split by column panels across the threads (a copy: no bits to differ).
 */
export function packB(b: Resident, at: number, k: number, n: number, transB: boolean): void {
  const [rowStride, stepStride] = transB ? [b.pitch * 4, 4] : [4, b.pitch * 4];
  const nPanels = Math.ceil(n / COLS);
  const jobs = shares(nPanels, k * n, PARALLEL_MIN_PACK).map(([first, count]) => [
    b.at * 4 + first * COLS * rowStride, (at + first * COLS * k) * 4,
    Math.min(count * COLS, n - first * COLS), count * COLS, k, rowStride, stepStride, 3,
  ]);
  parallel('pack', jobs);
}

/**
 * Where gemm reads A, in bytes: A[4ip + r, p] at `at + ip * panel + p * step + r * row`
 * (matmul.wat). Row-major A is read in place (no packing); A stored transposed is packed first.
 */
interface ALayout {
  at: number;
  panel: number;
  step: number;
  row: number;
}

/**
 * C (at float `c`, row pitch `ldc` floats) (+)= A (read as `a` says) times B packed (at float
 * `pb`), split by row panels across the threads when the product is large.
 */
function gemmPacked(a: ALayout, pb: number, c: number, ldc: number, m: number, k: number, n: number, add: boolean): void {
  const mPanels = Math.ceil(m / ROWS);
  const nPanels = Math.ceil(n / COLS);
  const jobs = shares(mPanels, m * k * n, PARALLEL_MIN_MACS).map(([first, count]) => [
    a.at + first * a.panel, a.panel, a.step, a.row, pb * 4, COLS * k * 4, COLS * 4,
    (c + first * ROWS * ldc) * 4, ldc * 4, count, nPanels, k, add ? 1 : 0,
  ]);
  parallel('gemm', jobs);
}

/**
 * C (+)= op(A) op(B), everything in the memory; C has room for m rounded up to 4 rows of n
 * rounded up to 8 columns (its row pitch). Row-major A is read in place: its padding rows read
 * whatever follows it, which only reaches C's padding rows.
 */
function productInMemory(rt: WasmRuntime, a: Resident, b: Resident, c: Resident, m: number, k: number, n: number, transA: boolean, transB: boolean, add: boolean): void {
  const mPad = Math.ceil(m / ROWS) * ROWS;
  const mark = rt.mark();
  try {
    const pb = rt.alloc(Math.ceil(n / COLS) * COLS * k);
    let aLayout: ALayout = { at: a.at * 4, panel: ROWS * a.pitch * 4, step: 4, row: a.pitch * 4 };
    if (transA) {
      const pa = rt.alloc(mPad * k);
      kernels(rt).pack(a.at * 4, pa * 4, m, mPad, k, 4, a.pitch * 4, 2);
      aLayout = { at: pa * 4, panel: ROWS * k * 4, step: ROWS * 4, row: 4 };
    }
    packB(b, pb, k, n, transB);
    gemmPacked(aLayout, pb, c.at, c.pitch, m, k, n, add);
  } finally {
    rt.release(mark);
  }
}

/** An operand's resident form: copied into the memory (from the stack) unless it is there already. */
function resident(rt: WasmRuntime, x: Operand, rows: number, cols: number): Resident {
  if (!('data' in x)) return x;
  const at = rt.alloc(rows * cols);
  rt.f32.set(x.data.subarray(x.off, x.off + rows * cols), at);
  return { at, pitch: cols };
}

/**
 * out (+)= op(A) @ op(B) on WebAssembly SIMD for operands in JavaScript arrays or already in the
 * memory (a recurrence's saved outputs and gradients stay there for the products that follow),
 * with `gemm`'s meaning of m, k, n and the flags (kernels/matmul.ts). A resident `out` is written
 * in place and needs room for m rounded up to 4 rows with a pitch of at least n rounded up to 8.
 * A JavaScript output may overlap an input: both are copied in before anything is written.
 */
export function gemmOperands(
  a: Operand, b: Operand, out: Operand, m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
): void {
  const rt = wasm!;
  const mark = rt.mark();
  try {
    const ra = resident(rt, a, transA ? k : m, transA ? m : k);
    const rb = resident(rt, b, transB ? n : k, transB ? k : n);
    if (!('data' in out)) {
      productInMemory(rt, ra, rb, out, m, k, n, transA, transB, accumulate);
      return;
    }
    const nPad = Math.ceil(n / COLS) * COLS;
    const c = { at: rt.alloc(Math.ceil(m / ROWS) * ROWS * nPad), pitch: nPad };
    const heap = rt.f32;
    const rows = (from: Float32Array, fromOff: number, fromPitch: number, to: Float32Array, toOff: number, toPitch: number): void => {
      if (fromPitch === n && toPitch === n) to.set(from.subarray(fromOff, fromOff + m * n), toOff);
      else for (let i = 0; i < m; i++) to.set(from.subarray(fromOff + i * fromPitch, fromOff + i * fromPitch + n), toOff + i * toPitch);
    };
    if (accumulate) rows(out.data, out.off, n, heap, c.at, nPad);
    productInMemory(rt, ra, rb, c, m, k, n, transA, transB, accumulate);
    rows(rt.f32, c.at, nPad, out.data, out.off, n);
  } finally {
    rt.release(mark);
  }
}

function makeWasmGemm(): Gemm {
  return (a, aOff, b, bOff, out, outOff, m, k, n, transA, transB, accumulate) => {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) out.fill(0, outOff, outOff + m * n);
      return;
    }
    gemmOperands({ data: a, off: aOff }, { data: b, off: bOff }, { data: out, off: outOff }, m, k, n, transA, transB, accumulate);
  };
}

/**
 * out[outOff..] (+)= op(A) @ op(B) on WebAssembly SIMD, with `gemm`'s arguments (kernels/matmul.ts),
 * or null where WebAssembly SIMD can't run here. The output may overlap an input: both are copied
 * into the module's memory before anything is written.
 */
export const wasmGemm: Gemm | null = wasm ? makeWasmGemm() : null;

/** Whether a product of this shape fits the WebAssembly memory with its packed copies. */
export function fitsWasm(m: number, k: number, n: number): boolean {
  return 2 * (m * k + k * n) + (m + ROWS) * (n + COLS) + 64 <= WASM_MAX_FLOATS;
}

/**
 * The WebAssembly SIMD matrix multiply: `tiles` in matmul.wat sums each 4x8 output tile in eight
 * f32x4 registers. It reads A by strides, so A comes into the module's memory by plain copies
 * whichever way it is stored, and so does B when it is not transposed; a transposed B is copied
 * in as is and packed into panels of 8 columns by `pack_b`. Single-threaded, baseline SIMD (no
 * relaxed FMA), so every engine with WebAssembly SIMD gives the same bits.
 *
 * Loading is synchronous everywhere (Node, Workers, the page): the module is under 1 KB, well
 * below Chrome's 4 KB limit for `new WebAssembly.Module` on the main thread, and
 * engine/backends/cpu/wasm/build.ts refuses to emit one larger. Where WebAssembly or its SIMD is missing, or
 * a content security policy forbids compiling, `wasmGemm` is null and callers use the JS kernel.
 * The memory grows to the largest product seen and never shrinks.
 */
import { matmulWasmBase64 } from './generated/matmul_wasm.ts';

const ROWS = 4;
const COLS = 8;
/**
 * Blocking for the caches: a `tiles` call covers at most BLOCK_PANELS row panels (128 rows) and
 * BLOCK_STEPS steps of k, so the A block it walks for every column panel (128 KB) stays in L2
 * and one column panel of B (at most 32 KB, strided or packed) in L1 or L2, however large k is.
 * Without it a strided A with k = 6400 (a weight gradient over T * N rows) ran 5x slower.
 */
const BLOCK_PANELS = 32;
const BLOCK_STEPS = 256;
const PAGE = 65536;

type TilesFn = (
  a: number, aPanel: number, aStep: number, aRow: number, b: number, bPanel: number, bStep: number,
  c: number, ldc: number, mPanels: number, nPanels: number, k: number, add: number,
) => void;

type PackFn = (src: number, dst: number, rows: number, k: number) => void;

/** Signature of a gemm: see `gemm` in kernels/matmul.ts. */
export type Gemm = (
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
) => void;

function instantiate(): { memory: WebAssembly.Memory; tiles: TilesFn; packB: PackFn } | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(matmulWasmBase64), (ch) => ch.charCodeAt(0));
  // validate() is false where SIMD is unsupported; compiling can still throw under a strict CSP.
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return {
      memory: exports.memory as WebAssembly.Memory,
      tiles: exports.tiles as TilesFn,
      packB: exports.pack_b as PackFn,
    };
  } catch {
    return null;
  }
}

function makeWasmGemm(): Gemm | null {
  const instance = instantiate();
  if (!instance) return null;
  const { memory, tiles, packB } = instance;
  let heap = new Float32Array(memory.buffer);

  /** Grows the memory to hold `floats` floats; the old view is detached by growth, so refresh it. */
  function reserve(floats: number): void {
    const bytes = floats * 4;
    if (bytes <= memory.buffer.byteLength) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    heap = new Float32Array(memory.buffer);
  }

  /**
   * Copies `rows` rows of `cols` floats from src[srcOff..] into the heap at `at` with a row
   * pitch of `pitch` >= cols (one copy when they match), zeroing the padding columns.
   */
  function copyRows(src: Float32Array, srcOff: number, rows: number, cols: number, at: number, pitch: number): void {
    if (pitch === cols) {
      heap.set(src.subarray(srcOff, srcOff + rows * cols), at);
      return;
    }
    for (let r = 0; r < rows; r++) {
      heap.set(src.subarray(srcOff + r * cols, srcOff + r * cols + cols), at + r * pitch);
      heap.fill(0, at + r * pitch + cols, at + (r + 1) * pitch);
    }
  }

  return (a, aOff, b, bOff, out, outOff, m, k, n, transA, transB, accumulate) => {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) out.fill(0, outOff, outOff + m * n);
      return;
    }
    const mPanels = Math.ceil(m / ROWS);
    const nPanels = Math.ceil(n / COLS);
    const mPad = mPanels * ROWS;
    const nPad = nPanels * COLS;
    // Layout in floats: A [mPad, k] or [k, mPad], B [k, nPad] or packed, C [mPad, nPad], then
    // a transposed B as given ([nPad, k]) for `pack_b` to read.
    const aAt = 0;
    const bAt = mPad * k;
    const cAt = bAt + nPad * k;
    const rawBAt = cAt + mPad * nPad;
    reserve(rawBAt + (transB ? nPad * k : 0));

    // Strides of A's panels, steps and rows, in bytes.
    let aPanel: number, aStep: number, aRow: number;
    if (transA) {
      copyRows(a, aOff, k, m, aAt, mPad);
      [aPanel, aStep, aRow] = [ROWS * 4, mPad * 4, 4];
    } else {
      copyRows(a, aOff, m, k, aAt, k);
      heap.fill(0, aAt + m * k, aAt + mPad * k);
      [aPanel, aStep, aRow] = [ROWS * k * 4, 4, k * 4];
    }
    let bPanel: number, bStep: number;
    if (transB) {
      copyRows(b, bOff, n, k, rawBAt, k);
      heap.fill(0, rawBAt + n * k, rawBAt + nPad * k);
      packB(rawBAt * 4, bAt * 4, nPad, k);
      [bPanel, bStep] = [COLS * k * 4, COLS * 4];
    } else {
      copyRows(b, bOff, k, n, bAt, nPad);
      [bPanel, bStep] = [COLS * 4, nPad * 4];
    }
    if (accumulate) copyRows(out, outOff, m, n, cAt, nPad);

    for (let p = 0; p < k; p += BLOCK_STEPS) {
      const steps = Math.min(BLOCK_STEPS, k - p);
      const add = accumulate || p > 0 ? 1 : 0;
      for (let ip = 0; ip < mPanels; ip += BLOCK_PANELS) {
        tiles(
          aAt * 4 + p * aStep + ip * aPanel, aPanel, aStep, aRow, bAt * 4 + p * bStep, bPanel, bStep,
          (cAt + ip * ROWS * nPad) * 4, nPad * 4, Math.min(BLOCK_PANELS, mPanels - ip), nPanels, steps, add,
        );
      }
    }

    if (nPad === n) out.set(heap.subarray(cAt, cAt + m * n), outOff);
    else for (let i = 0; i < m; i++) out.set(heap.subarray(cAt + i * nPad, cAt + i * nPad + n), outOff + i * n);
  };
}

/**
 * out[outOff..] (+)= op(A) @ op(B) on WebAssembly SIMD, with `gemm`'s arguments (kernels/matmul.ts),
 * or null where WebAssembly SIMD can't run here. The output may overlap an input: both are copied
 * into the module's memory before anything is written.
 */
export const wasmGemm: Gemm | null = makeWasmGemm();

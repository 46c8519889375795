/**
 * The WebAssembly SIMD matrix multiply: operands are packed (by JS, straight into the module's
 * memory) into panels of 4 rows of A and 8 columns of B, and `tiles` in matmul.wat sums each 4x8
 * output tile in eight f32x4 registers. Single-threaded, baseline SIMD (no relaxed FMA), so every
 * engine with WebAssembly SIMD gives the same bits.
 *
 * Loading is synchronous everywhere (Node, Workers, the page): the module is ~700 bytes, under
 * Chrome's 4 KB limit for `new WebAssembly.Module` on the main thread, and scripts/build_wasm.ts
 * refuses to emit one larger. Where WebAssembly or its SIMD is missing, or a content security
 * policy forbids compiling, `wasmGemm` is null and callers use the JS kernel.
 */
import { packPanels } from '../kernels/matmul_pack.ts';
import { matmulWasmBase64 } from './generated/matmul_wasm.ts';

const ROWS = 4;
const COLS = 8;
/** Row panels per `tiles` call: 128 rows of A at k = 256 is 128 KB, which stays in L2. */
const BLOCK_PANELS = 32;
const PAGE = 65536;

type TilesFn = (
  a: number, aStride: number, b: number, bStride: number,
  c: number, ldc: number, mPanels: number, nPanels: number, k: number,
) => void;

/** Signature of a gemm: see `gemm` in kernels/matmul.ts. */
export type Gemm = (
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
) => void;

function instantiate(): { memory: WebAssembly.Memory; tiles: TilesFn } | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(matmulWasmBase64), (ch) => ch.charCodeAt(0));
  // validate() is false where SIMD is unsupported; compiling can still throw under a strict CSP.
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return { memory: exports.memory as WebAssembly.Memory, tiles: exports.tiles as TilesFn };
  } catch {
    return null;
  }
}

function makeWasmGemm(): Gemm | null {
  const instance = instantiate();
  if (!instance) return null;
  const { memory, tiles } = instance;
  let heap = new Float32Array(memory.buffer);

  /** Grows the memory to hold `floats` floats; the old view is detached by growth, so refresh it. */
  function reserve(floats: number): void {
    const bytes = floats * 4;
    if (bytes <= memory.buffer.byteLength) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    heap = new Float32Array(memory.buffer);
  }

  return (a, aOff, b, bOff, out, outOff, m, k, n, transA, transB, accumulate) => {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) out.fill(0, outOff, outOff + m * n);
      return;
    }
    const mPanels = Math.ceil(m / ROWS);
    const nPanels = Math.ceil(n / COLS);
    const ldc = nPanels * COLS;
    // Layout in floats: packed A, packed B, then C [mPanels * 4, ldc]; all 16-byte aligned.
    const aAt = 0;
    const bAt = mPanels * ROWS * k;
    const cAt = bAt + nPanels * COLS * k;
    reserve(cAt + mPanels * ROWS * ldc);
    packPanels(a, aOff, m, k, transA, ROWS, heap, aAt);
    packPanels(b, bOff, n, k, !transB, COLS, heap, bAt);

    // The kernel adds into C: start it from zero, or from the current output to accumulate.
    heap.fill(0, cAt, cAt + mPanels * ROWS * ldc);
    if (accumulate) {
      if (ldc === n) heap.set(out.subarray(outOff, outOff + m * n), cAt);
      else for (let i = 0; i < m; i++) heap.set(out.subarray(outOff + i * n, outOff + i * n + n), cAt + i * ldc);
    }

    for (let ip = 0; ip < mPanels; ip += BLOCK_PANELS) {
      tiles(
        (aAt + ip * ROWS * k) * 4, ROWS * k * 4, bAt * 4, COLS * k * 4,
        (cAt + ip * ROWS * ldc) * 4, ldc * 4, Math.min(BLOCK_PANELS, mPanels - ip), nPanels, k,
      );
    }

    if (ldc === n) out.set(heap.subarray(cAt, cAt + m * n), outOff);
    else for (let i = 0; i < m; i++) out.set(heap.subarray(cAt + i * ldc, cAt + i * ldc + n), outOff + i * n);
  };
}

/**
 * out[outOff..] (+)= op(A) @ op(B) on WebAssembly SIMD, with `gemm`'s arguments (kernels/matmul.ts),
 * or null where WebAssembly SIMD can't run here. The output may overlap an input: both are copied
 * into the module's memory before anything is written.
 */
export const wasmGemm: Gemm | null = makeWasmGemm();

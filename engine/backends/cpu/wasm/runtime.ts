/**
 * The CPU backend's WebAssembly: one memory, shared with the worker threads where
 * SharedArrayBuffer exists (Node; a cross-origin-isolated page), and the instances of matmul.wat
 * and rnn.wat on it. Kernels take regions of the memory from a stack (`mark` / `alloc` /
 * `release`): a kernel releases what it took before it returns, and kernels never interleave.
 *
 * Loading is synchronous everywhere (Node, Workers, the page): each module is well under Chrome's
 * 4 KB limit for `new WebAssembly.Module` on the main thread (build.ts refuses larger ones). Where
 * WebAssembly or its SIMD is missing, or a content security policy forbids compiling, `wasm` is
 * null and the kernels use plain JavaScript.
 *
 * Relaxed-SIMD fused multiply-adds change the last bits of products from CPU to CPU, so they are
 * opt-in (`torch.backends.cpu.allow_fma`); by default every engine with WebAssembly SIMD gives
 * the same bits, and a shared link replays exactly anywhere.
 */
import { matmulWasm } from './generated/matmul_wasm.ts';
import { rnnWasm } from './generated/rnn_wasm.ts';

/** The modules' declared maximum, 1 GiB: a shared memory reserves its maximum up front. */
const MAX_PAGES = 16384;
const PAGE = 65536;
/** Regions start on 64-byte boundaries (a cache line, and 16 floats). */
const ALIGN_FLOATS = 16;

/** The exports of one matmul.wat + rnn.wat pair (see the .wat files for each contract). */
export interface WasmKernels {
  gemm(a: number, aPanel: number, aStep: number, aRow: number, b: number, bPanel: number, bStep: number,
    c: number, ldc: number, mPanels: number, nPanels: number, k: number, add: number): void;
  pack(src: number, dst: number, rows: number, rowsPad: number, k: number, rowStride: number, stepStride: number, log2w: number): void;
  forward(out: number, state: number, gates: number, whhT: number, bhh: number, bih: number, lens: number, T: number,
    rows: number, H: number, Hp: number, stepBytes: number, reverse: number, relu: number): void;
  backward(out: number, gOut: number, dPre: number, dh: number, dhNext: number, whh: number, lens: number,
    T: number, rows: number, H: number, Hp: number, stepBytes: number, reverse: number, relu: number): void;
  colsum(src: number, dst: number, rows: number, cols: number, pitch: number): void;
  tanh(src: number, dst: number, n: number): void;
}

/** The compiled modules a worker instantiates on the same memory: [matmul, rnn] per variant. */
export interface WasmModules {
  plain: [WebAssembly.Module, WebAssembly.Module];
  fma: [WebAssembly.Module, WebAssembly.Module] | null;
}

export interface WasmRuntime {
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is a SharedArrayBuffer that worker threads can use. */
  readonly shared: boolean;
  readonly modules: WasmModules;
  /** The plain-SIMD kernels, and the fused multiply-add ones where relaxed SIMD is supported. */
  readonly plain: WasmKernels;
  readonly fmaKernels: WasmKernels | null;
  /** Float and int views of the whole memory; refreshed when `alloc` grows it. */
  f32: Float32Array;
  i32: Int32Array;
  /** The top of the region stack, for `release`. */
  mark(): number;
  /** A region of `floats` floats (contents undefined); returns its index in `f32`. */
  alloc(floats: number): number;
  /** Frees every region taken since `mark`. */
  release(mark: number): void;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

/**
 * Instantiates a matmul + rnn module pair on `memory` and returns their exports. Self-contained
 * (it references nothing outside itself), because the worker threads run its source text too.
 */
export function instantiateKernels(modules: [WebAssembly.Module, WebAssembly.Module], memory: WebAssembly.Memory): WasmKernels {
  const matmul = new WebAssembly.Instance(modules[0], { env: { memory } }).exports;
  const rnn = new WebAssembly.Instance(modules[1], { env: { memory }, matmul: { gemm: matmul.gemm! } }).exports;
  return {
    gemm: matmul.gemm, pack: matmul.pack, forward: rnn.forward, backward: rnn.backward, colsum: rnn.colsum, tanh: rnn.tanh,
  } as unknown as WasmKernels;
}

function compile(sources: { shared: string; unshared: string; sharedFma?: string; unsharedFma?: string }, shared: boolean, fma: boolean): WebAssembly.Module | null {
  const base64 = fma ? (shared ? sources.sharedFma : sources.unsharedFma) ?? (shared ? sources.shared : sources.unshared) : shared ? sources.shared : sources.unshared;
  const bytes = decode(base64);
  // validate() is false where SIMD (or relaxed SIMD, or threads) is unsupported.
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
}

function createRuntime(): WasmRuntime | null {
  if (typeof WebAssembly !== 'object') return null;
  try {
    const canShare = typeof SharedArrayBuffer === 'function';
    let shared = canShare;
    let matmul = compile(matmulWasm, shared, false);
    if (!matmul && shared) {
      shared = false;
      matmul = compile(matmulWasm, false, false);
    }
    const rnn = compile(rnnWasm, shared, false);
    if (!matmul || !rnn) return null;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
    const fmaMatmul = compile(matmulWasm, shared, true);
    const fmaRnn = compile(rnnWasm, shared, true);
    const modules: WasmModules = {
      plain: [matmul, rnn],
      fma: fmaMatmul && fmaRnn ? [fmaMatmul, fmaRnn] : null,
    };
    let top = 0;
    let capacity = memory.buffer.byteLength;
    const runtime: WasmRuntime = {
      memory,
      shared,
      modules,
      plain: instantiateKernels(modules.plain, memory),
      fmaKernels: modules.fma ? instantiateKernels(modules.fma, memory) : null,
      f32: new Float32Array(memory.buffer),
      i32: new Int32Array(memory.buffer),
      mark: () => top,
      alloc(floats) {
        const at = top;
        top += Math.ceil(floats / ALIGN_FLOATS) * ALIGN_FLOATS;
        const bytes = top * 4;
        if (bytes > capacity) {
          memory.grow(Math.ceil((bytes - capacity) / PAGE));
          capacity = memory.buffer.byteLength;
          runtime.f32 = new Float32Array(memory.buffer);
          runtime.i32 = new Int32Array(memory.buffer);
        }
        return at;
      },
      release(mark) {
        top = mark;
      },
    };
    return runtime;
  } catch {
    // A content security policy without 'wasm-unsafe-eval', or a memory the host refuses.
    return null;
  }
}

/** The runtime, or null where WebAssembly SIMD can't run here. */
export const wasm: WasmRuntime | null = createRuntime();

/** The most floats the kernels put in the memory at once before falling back to JavaScript. */
export const WASM_MAX_FLOATS = (MAX_PAGES * PAGE) / 4 / 2;

/** Whether kernels use fused multiply-adds (opt-in; see the header). */
let fmaAllowed = false;

/** The kernels in use: FMA ones when allowed and supported, else plain SIMD. */
export function kernels(rt: WasmRuntime): WasmKernels {
  return fmaAllowed && rt.fmaKernels ? rt.fmaKernels : rt.plain;
}

/** Which variant `kernels` returns now: 0 plain, 1 FMA (the worker threads use the same). */
export function kernelVariant(): 0 | 1 {
  return fmaAllowed && wasm?.fmaKernels ? 1 : 0;
}

/**
 * Allows relaxed-SIMD fused multiply-adds in the CPU matmul where the runtime supports them;
 * returns whether they are now in use. Off by default: they change results' last bits from CPU
 * to CPU (and against runs without them), so runs that must replay bit for bit leave it off.
 */
export function setFmaAllowed(allowed: boolean): boolean {
  fmaAllowed = allowed;
  return kernelVariant() === 1;
}

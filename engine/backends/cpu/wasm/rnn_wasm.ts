/**
 * The recurrences of the rnn_forward and rnn_backward kernels in WebAssembly (rnn.wat): W_hh is
 * packed once per call and stays in the WebAssembly memory with the whole sequence, so the T
 * steps run without leaving WebAssembly and without a copy per step. Batch rows evolve
 * independently, so they are split between the worker threads in blocks of 4 rows, each thread
 * running all T steps of its rows with no synchronisation; a row's bits are the same whichever
 * thread runs it.
 *
 * Layout: a step is Np rows (N rounded up to 4) of Hp floats (H rounded up to 8), padding rows
 * have length 0, so they output zeros and their state stays as it began.
 */
import type { RnnAttrs } from '../../kernel_names.ts';
import { parallel, shares } from '../threads/pool.ts';
import { packB, type Resident } from './matmul_wasm.ts';
import { wasm, WASM_MAX_FLOATS, type WasmRuntime } from './runtime.ts';

/** Recurrences below this many multiply-adds (T N H H) stay on one thread. */
const PARALLEL_MIN_MACS = 1 << 19;

interface Layout {
  Np: number;
  Hp: number;
  /** Floats in one step, Np * Hp. */
  step: number;
}

function layout({ N, H }: RnnAttrs): Layout {
  const Np = Math.ceil(N / 4) * 4;
  const Hp = Math.ceil(H / 8) * 8;
  return { Np, Hp, step: Np * Hp };
}

/** Whether the recurrence fits the WebAssembly memory (else the JavaScript kernels run it). */
export function rnnFitsWasm(attrs: RnnAttrs): boolean {
  const { step, Hp } = layout(attrs);
  return wasm !== null && 3 * attrs.T * step + 4 * step + 2 * Hp * Hp + 64 <= WASM_MAX_FLOATS;
}

/** Copies [rows, cols] row-major into the memory at float `at` with row pitch `pitch`. */
function copyIn(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number, at: number, pitch: number): void {
  if (cols === pitch) {
    rt.f32.set(src.subarray(srcOff, srcOff + rows * cols), at);
    return;
  }
  for (let r = 0; r < rows; r++) rt.f32.set(src.subarray(srcOff + r * cols, srcOff + (r + 1) * cols), at + r * pitch);
}

/** Copies [T, N, H] in or out of the [T, Np, Hp] layout at float `at`. */
function copySteps(rt: WasmRuntime, attrs: RnnAttrs, lay: Layout, js: Float32Array, at: number, direction: 'in' | 'out'): void {
  const { T, N, H } = attrs;
  const heap = rt.f32;
  if (lay.Hp === H && lay.Np === N) {
    if (direction === 'in') heap.set(js.subarray(0, T * N * H), at);
    else js.set(heap.subarray(at, at + T * N * H));
    return;
  }
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < N; b++) {
      const j = (t * N + b) * H;
      const h = at + t * lay.step + b * lay.Hp;
      if (direction === 'in') heap.set(js.subarray(j, j + H), h);
      else js.set(heap.subarray(h, h + H), j);
    }
  }
}

/** Per-row lengths as i32 (all T without packing), padding rows 0. */
function writeLengths(rt: WasmRuntime, attrs: RnnAttrs, lay: Layout, at: number): void {
  const { T, N, lengths } = attrs;
  const lens = rt.i32.subarray(at, at + lay.Np);
  for (let b = 0; b < lay.Np; b++) lens[b] = b >= N ? 0 : lengths === null ? T : lengths[b]!;
}

/** W_hh ([H, H] at js) packed at float `at` as B of a product: transposed for forward, as is for backward. */
function packWhh(rt: WasmRuntime, wHh: Float32Array, H: number, at: number, transposed: boolean): void {
  const mark = rt.mark();
  const raw = rt.alloc(H * H);
  rt.f32.set(wHh.subarray(0, H * H), raw);
  packB({ at: raw, pitch: H }, at, H, H, transposed);
  rt.release(mark);
}

/** The thread jobs: blocks of 4 rows, each with its byte offset into the per-row arrays. */
function rowShares(attrs: RnnAttrs, lay: Layout): { first: number; rows: number; rowBytes: number; lenBytes: number }[] {
  const work = attrs.T * attrs.N * attrs.H * attrs.H;
  return shares(lay.Np / 4, work, PARALLEL_MIN_MACS).map(([first, count]) => ({
    first: first * 4,
    rows: count * 4,
    rowBytes: first * 4 * lay.Hp * 4,
    lenBytes: first * 4 * 4,
  }));
}

/** A bias of H floats at float `at` in the Hp-float layout, -0 without one: adding -0 changes no value, not even -0. */
function writeBias(rt: WasmRuntime, bias: Float32Array | null, H: number, Hp: number, at: number): void {
  rt.f32.fill(-0, at, at + Hp);
  if (bias !== null) rt.f32.set(bias.subarray(0, H), at);
}

/**
 * Whether the input projection and the backward's products can read and write the recurrence's
 * layout in place: its steps' rows must follow each other with no padding rows (N a multiple of
 * 4), and the memory must hold the products' packed copies too.
 */
export function rnnProductsInPlace(attrs: RnnAttrs): boolean {
  const { step, Hp } = layout(attrs);
  return attrs.N % 4 === 0 && rnnFitsWasm(attrs) && 6 * attrs.T * step + 2 * Hp * (Hp + attrs.I) + 64 <= WASM_MAX_FLOATS;
}

/**
 * The forward recurrence: `out` [T, N, H] gets h_t (0 past a row's length) and `hn` each row's
 * state after its last step. The input gates x_t W_ih^T come either in `out` on entry, or, where
 * `project` is given (only when rnnProductsInPlace), from `project`, which writes them straight
 * into the recurrence's layout (T N rows of Hp floats). `bIh`, `bHh` are null without a bias.
 * Sums are in float32 and in PyTorch's order, as the JavaScript kernel's.
 */
export function rnnForwardWasm(
  attrs: RnnAttrs, out: Float32Array, h0: Float32Array, wHh: Float32Array, bIh: Float32Array | null, bHh: Float32Array | null,
  hn: Float32Array, project: ((gates: Resident) => void) | null,
): void {
  const rt = wasm!;
  const { T, N, H, reverse, nonlinearity } = attrs;
  const lay = layout(attrs);
  const mark = rt.mark();
  try {
    const seq = rt.alloc(T * lay.step);
    const state = rt.alloc(lay.step);
    const gates = rt.alloc(lay.step);
    const whhT = rt.alloc(lay.Hp * H);
    const bhh = rt.alloc(lay.Hp);
    const bih = rt.alloc(lay.Hp);
    const lens = rt.alloc(lay.Np);
    const heap = rt.f32;
    if (project !== null) {
      project({ at: seq, pitch: lay.Hp });
    } else {
      if (lay.Np !== N || lay.Hp !== H) heap.fill(0, seq, seq + T * lay.step);
      copySteps(rt, attrs, lay, out, seq, 'in');
    }
    rt.f32.fill(0, state, state + lay.step);
    copyIn(rt, h0, 0, N, H, state, lay.Hp);
    packWhh(rt, wHh, H, whhT, true);
    writeBias(rt, bHh, H, lay.Hp, bhh);
    writeBias(rt, bIh, H, lay.Hp, bih);
    writeLengths(rt, attrs, lay, lens);
    const jobs = rowShares(attrs, lay).map((s) => [
      seq * 4 + s.rowBytes, state * 4 + s.rowBytes, gates * 4 + s.rowBytes, whhT * 4, bhh * 4, bih * 4, lens * 4 + s.lenBytes,
      T, s.rows, H, lay.Hp, lay.step * 4, reverse ? 1 : 0, nonlinearity === 'relu' ? 1 : 0,
    ]);
    parallel('forward', jobs);
    copySteps(rt, attrs, lay, out, seq, 'out');
    for (let b = 0; b < N; b++) hn.set(rt.f32.subarray(state + b * lay.Hp, state + b * lay.Hp + H), b * H);
  } finally {
    rt.release(mark);
  }
}

/**
 * Backward through the recurrence: from the saved output `out`, `gOut` and `gHn` (each row's
 * gradient after its last step), writes `dPre` [T, N, H], the gradient into every
 * pre-activation (0 past a row's length), `gH0`, the gradient into h0, and `gB`, the bias
 * gradient: dPre summed over all T N rows in order in float64, rounded once (see colsum in rnn.wat).
 * `products`, given only when rnnProductsInPlace, runs while dPre and the saved output are still
 * in the memory (T N rows of Hp floats each), so the weight and input gradients read them there.
 */
export function rnnBackwardWasm(
  attrs: RnnAttrs, out: Float32Array, gOut: Float32Array, gHn: Float32Array, wHh: Float32Array,
  dPre: Float32Array, gH0: Float32Array, gB: Float32Array, products: ((dPre: Resident, out: Resident) => void) | null,
): void {
  const rt = wasm!;
  const { T, N, H, reverse, nonlinearity } = attrs;
  const lay = layout(attrs);
  const mark = rt.mark();
  try {
    const ys = rt.alloc(T * lay.step);
    const gs = rt.alloc(T * lay.step);
    const ds = rt.alloc(T * lay.step);
    const dh = rt.alloc(lay.step);
    const dhNext = rt.alloc(lay.step);
    const whh = rt.alloc(lay.Hp * H);
    const lens = rt.alloc(lay.Np);
    const sums = rt.alloc(lay.Hp);
    const heap = rt.f32;
    if (lay.Np !== N || lay.Hp !== H) {
      heap.fill(0, ys, ys + T * lay.step);
      heap.fill(0, gs, gs + T * lay.step);
    }
    copySteps(rt, attrs, lay, out, ys, 'in');
    copySteps(rt, attrs, lay, gOut, gs, 'in');
    heap.fill(0, dh, dh + lay.step);
    copyIn(rt, gHn, 0, N, H, dh, lay.Hp);
    packWhh(rt, wHh, H, whh, false);
    writeLengths(rt, attrs, lay, lens);
    const jobs = rowShares(attrs, lay).map((s) => [
      ys * 4 + s.rowBytes, gs * 4 + s.rowBytes, ds * 4 + s.rowBytes, dh * 4 + s.rowBytes, dhNext * 4 + s.rowBytes,
      whh * 4, lens * 4 + s.lenBytes, T, s.rows, H, lay.Hp, lay.step * 4, reverse ? 1 : 0, nonlinearity === 'relu' ? 1 : 0,
    ]);
    parallel('backward', jobs);
    // Padding rows of ds are +0, which leaves a sum that started at +0 as it is.
    const chunks = lay.Hp / 8;
    parallel('colsum', shares(chunks, T * N * H, PARALLEL_MIN_MACS).map(([first, count]) => [
      (ds + first * 8) * 4, (sums + first * 8) * 4, T * lay.Np, count * 8, lay.Hp * 4,
    ]));
    gB.set(rt.f32.subarray(sums, sums + H));
    copySteps(rt, attrs, lay, dPre, ds, 'out');
    for (let b = 0; b < N; b++) gH0.set(rt.f32.subarray(dh + b * lay.Hp, dh + b * lay.Hp + H), b * H);
    products?.({ at: ds, pitch: lay.Hp }, { at: ys, pitch: lay.Hp });
  } finally {
    rt.release(mark);
  }
}

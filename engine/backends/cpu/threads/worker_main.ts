/**
 * What a worker thread of the CPU pool runs. Both functions are self-contained (they reference
 * nothing outside themselves), because the pool starts each worker from their source text:
 * Node's worker_threads from a string, a browser from a Blob URL, with no bundler involved.
 *
 * The control block is an Int32Array over a SharedArrayBuffer, SLOT ints per worker:
 * [seq, done, fn, variant, failed, _, _, _, args...]. The caller writes fn, variant and args,
 * bumps seq and notifies; the worker runs kernels[variant][fn](...args), stores seq in done and
 * notifies. fn -1 ends the worker.
 */
import type { WasmKernels, WasmModules } from '../wasm/runtime.ts';

export const SLOT = 32;
export const SEQ = 0;
export const DONE = 1;
export const FN = 2;
export const VARIANT = 3;
export const FAILED = 4;
export const ARGS = 8;
/** The kernels a job can name, by index. */
export const JOB_FNS = ['gemm', 'forward', 'backward', 'pack', 'colsum'] as const;

export interface WorkerInit {
  modules: WasmModules;
  memory: WebAssembly.Memory;
  control: Int32Array;
  slot: number;
}

/**
 * The job loop: spins briefly on seq (a step's jobs come microseconds apart), then sleeps in
 * Atomics.wait until the next job.
 */
export function workerLoop(
  init: WorkerInit,
  instantiate: (modules: [WebAssembly.Module, WebAssembly.Module], memory: WebAssembly.Memory) => WasmKernels,
  ready: () => void,
): void {
  const names = ['gemm', 'forward', 'backward', 'pack', 'colsum'];
  const variants = [instantiate(init.modules.plain, init.memory)];
  if (init.modules.fma) variants.push(instantiate(init.modules.fma, init.memory));
  const ctl = init.control;
  const base = init.slot * 32;
  let seen = Atomics.load(ctl, base);
  ready();
  for (;;) {
    for (let spin = 0; spin < 20000 && Atomics.load(ctl, base) === seen; spin++);
    Atomics.wait(ctl, base, seen);
    seen = Atomics.load(ctl, base);
    const fn = ctl[base + 2]!;
    if (fn < 0) return;
    try {
      const kernel = (variants[ctl[base + 3]!] as unknown as Record<string, (...args: number[]) => void>)[names[fn]!]!;
      kernel(...Array.from(ctl.subarray(base + 8, base + 32)));
      ctl[base + 4] = 0;
    } catch {
      ctl[base + 4] = 1;
    }
    Atomics.store(ctl, base + 1, seen);
    Atomics.notify(ctl, base + 1);
  }
}

/**
 * `torch.set_num_threads` / `torch.get_num_threads`: the CPU backend's worker threads.
 */
import { setThreads, threadCount } from '../backends/cpu/threads/pool.ts';

/**
 * Runs CPU kernels on `n` threads (this one and n - 1 workers sharing its WebAssembly memory),
 * as PyTorch's `torch.set_num_threads`. Large matrix products are split by output rows and
 * recurrences by batch rows, so results are bit-identical whatever the thread count. Where
 * threads can't run (no SharedArrayBuffer: a page without cross-origin isolation; or a page's
 * main thread, which may not block) it stays at 1: see `torch.backends.cpu.threads_unavailable`.
 * Workers start in the background; kernels use those that are ready, and the returned promise
 * resolves to the count in use once all are.
 *
 * @example
 * const threads = await torch.set_num_threads(navigator.hardwareConcurrency);
 * // threads is 1 in a page without cross-origin isolation, whatever was asked
 */
export function set_num_threads(n: number): Promise<number> {
  return setThreads(n);
}

/**
 * The threads CPU kernels run on now (1 until `set_num_threads` has started workers).
 *
 * @example
 * torch.get_num_threads(); // 1 by default
 */
export function get_num_threads(): number {
  return threadCount();
}

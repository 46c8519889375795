/**
 * The CPU backend's worker threads: helpers that share the WebAssembly memory (runtime.ts) and
 * run the same kernels on other rows of the same product or recurrence. Work is split by output
 * rows (matrix products) or batch rows (recurrences), and each row is computed by the same
 * instructions in the same order whichever thread runs it, so results are bit-identical to one
 * thread. The calling thread takes the first share and blocks in Atomics.wait for the rest, so
 * the pool runs only where blocking is allowed: Node, and Web Workers of a cross-origin-isolated
 * page (the app trains in one), never a page's main thread.
 *
 * Workers start from source text (worker_main.ts): Node's worker_threads with `eval`, a browser
 * from a Blob URL, so no bundler or TypeScript loader is involved.
 */
import { instantiateKernels, kernels, kernelVariant, wasm } from '../wasm/runtime.ts';
import { ARGS, DONE, FAILED, FN, JOB_FNS, SEQ, SLOT, VARIANT, workerLoop, type WorkerInit } from './worker_main.ts';

/** A kernel a job can run on another thread. */
export type JobFn = (typeof JOB_FNS)[number];

/** At most this many threads, the caller included. */
export const MAX_THREADS = 16;

interface Helper {
  slot: number;
  ready: boolean;
  stop(): void;
}

const control = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(SLOT * 4 * MAX_THREADS)) : null;
let helpers: Helper[] = [];
/** Helpers that are ready, in slot order: jobs go to these. */
let active: Helper[] = [];

/** Why threads can't run here, or null when they can. */
export function threadsUnavailable(): string | null {
  if (!wasm) return 'WebAssembly SIMD is unavailable';
  if (!wasm.shared || !control) return 'SharedArrayBuffer is unavailable (a page needs cross-origin isolation)';
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return "this thread may not block (a page's main thread)";
  }
  if (!isNode() && typeof Worker !== 'function') return 'Worker is unavailable';
  return null;
}

function isNode(): boolean {
  return typeof process === 'object' && typeof process.versions?.node === 'string';
}

function workerSource(node: boolean): string {
  // esbuild's keepNames wraps functions in __name(); the workers have no bundler runtime.
  const prelude = 'var __name = (f) => f;';
  const start = node
    ? "const { parentPort } = require('node:worker_threads'); parentPort.once('message', (init) => loop(init, instantiate, () => parentPort.postMessage('ready')));"
    : "self.onmessage = (e) => loop(e.data, instantiate, () => self.postMessage('ready'));";
  return `${prelude}\nconst instantiate = ${instantiateKernels.toString()};\nconst loop = ${workerLoop.toString()};\n${start}\n`;
}

/** Starts the helper for `slot`; resolves once it has instantiated the kernels (or failed). */
async function startHelper(slot: number): Promise<Helper> {
  const init: WorkerInit = { modules: wasm!.modules, memory: wasm!.memory, control: control!, slot };
  const helper: Helper = { slot, ready: false, stop: () => {} };
  control![slot * SLOT + FN] = 0;
  if (isNode()) {
    const moduleName = 'node:worker_threads';
    const { Worker: NodeWorker } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:worker_threads');
    const worker = new NodeWorker(workerSource(true), { eval: true });
    worker.unref();
    helper.stop = () => void worker.terminate();
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage(init);
    });
  } else {
    const url = URL.createObjectURL(new Blob([workerSource(false)], { type: 'text/javascript' }));
    const worker = new Worker(url);
    helper.stop = () => worker.terminate();
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(init);
    });
    URL.revokeObjectURL(url);
  }
  helper.ready = true;
  return helper;
}

/** Ends helpers from `count` on; their slots' loops exit at the next job. */
function stopFrom(count: number): void {
  for (const helper of helpers.slice(count)) {
    const base = helper.slot * SLOT;
    control![base + FN] = -1;
    Atomics.add(control!, base + SEQ, 1);
    Atomics.notify(control!, base + SEQ);
    helper.stop();
  }
  helpers = helpers.slice(0, count);
  active = active.filter((h) => h.slot < count);
}

/**
 * Uses `n` threads (the caller and n - 1 helpers) from the next kernel on where the runtime
 * allows (see `threadsUnavailable`), else 1; resolves to the number in use once the helpers are
 * ready. Kernels run on the threads that are ready, so results never wait on start-up.
 */
export function setThreads(n: number): Promise<number> {
  const want = Math.max(1, Math.min(MAX_THREADS, Math.floor(n)));
  if (threadsUnavailable() !== null) return Promise.resolve(1);
  stopFrom(want - 1);
  const starting: Promise<void>[] = [];
  for (let slot = helpers.length; slot < want - 1; slot++) {
    const placeholder: Helper = { slot, ready: false, stop: () => {} };
    helpers.push(placeholder);
    starting.push(
      startHelper(slot).then(
        (helper) => {
          if (helpers[slot] !== placeholder) return helper.stop();
          helpers[slot] = helper;
          active = helpers.filter((h) => h.ready);
        },
        () => {
          // A helper that failed to start leaves its slot empty; the others still work.
        },
      ),
    );
  }
  return Promise.all(starting).then(() => threadCount());
}

let helperJobs = 0;

/** Jobs the helpers have run so far: shows that work was split, not just that threads exist. */
export function helperJobCount(): number {
  return helperJobs;
}

/** Threads kernels run on now: the caller plus the helpers that are ready. */
export function threadCount(): number {
  return 1 + active.length;
}

/**
 * Runs `fn` once per argument list, in parallel: the first on this thread, the others on
 * helpers; returns when all are done. There must be no more lists than `threadCount()`.
 */
export function parallel(fn: JobFn, jobs: readonly (readonly number[])[]): void {
  const run = kernels(wasm!) as unknown as Record<JobFn, (...args: number[]) => void>;
  const ctl = control!;
  const index = JOB_FNS.indexOf(fn);
  const variant = kernelVariant();
  const posted: number[] = [];
  for (let i = 1; i < jobs.length; i++) {
    const base = active[i - 1]!.slot * SLOT;
    ctl[base + FN] = index;
    ctl[base + VARIANT] = variant;
    ctl.set(jobs[i]!, base + ARGS);
    Atomics.add(ctl, base + SEQ, 1);
    Atomics.notify(ctl, base + SEQ);
    posted.push(base);
  }
  helperJobs += posted.length;
  let failed = false;
  try {
    run[fn](...jobs[0]!);
  } finally {
    for (const base of posted) {
      const seq = Atomics.load(ctl, base + SEQ);
      for (let spin = 0; spin < 100000 && Atomics.load(ctl, base + DONE) !== seq; spin++);
      for (let done = Atomics.load(ctl, base + DONE); done !== seq; done = Atomics.load(ctl, base + DONE)) {
        Atomics.wait(ctl, base + DONE, done);
      }
      failed ||= ctl[base + FAILED] === 1;
    }
  }
  if (failed) throw new Error('a CPU worker thread failed while running a kernel');
}

/**
 * Splits `units` (row panels, or blocks of 4 batch rows) into at most `threadCount()` contiguous
 * shares as [first, count] pairs, one share when `work` (multiply-adds) is below `minWork`:
 * waking a helper costs microseconds, which small products don't repay.
 */
export function shares(units: number, work: number, minWork: number): [number, number][] {
  const threads = work < minWork ? 1 : Math.min(threadCount(), units);
  const out: [number, number][] = [];
  for (let t = 0, first = 0; t < threads; t++) {
    const count = Math.floor(units / threads) + (t < units % threads ? 1 : 0);
    out.push([first, count]);
    first += count;
  }
  return out;
}

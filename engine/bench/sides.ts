/**
 * The sides of `npm run bench`, as data: each starts on a workload and then runs timed rounds on
 * request (train_step.bench.ts interleaves them). In-process sides (ours, TensorFlow.js) wrap a
 * StepFactory; PyTorch runs in its own process (torch_side.ts).
 */
import { torch } from '../index.ts';
import { engineSide } from './engine_side.ts';
import { tfjsSide } from './tfjs_peer.ts';
import { torchBlas, torchMissing, torchSide, type RoundRunner } from './torch_side.ts';
import type { StepFactory, Workload } from './workload.ts';

const WARMUP_MS = 500;

export interface Side {
  /** Column name, e.g. "ours 2t". */
  name: string;
  /** `--no-<family>` leaves every side of the family out. */
  family: 'ours' | 'torch' | 'tfjs';
  start(w: Workload): Promise<RoundRunner>;
  /** A line under the table saying what ran (versions, libraries), when there is one. */
  describe?: () => string;
}

/**
 * A StepFactory as a RoundRunner: warmed up once, then each round times steps for `ms`. `before`
 * runs before the warm-up and each round (our sides set their thread count there).
 */
function inProcess(factory: StepFactory, before: () => Promise<unknown> | void = () => {}): (w: Workload) => Promise<RoundRunner> {
  return async (w) => {
    await before();
    const { step, dispose } = await factory(w);
    for (let t = performance.now(); ;) {
      step();
      if (performance.now() - t >= WARMUP_MS) break;
    }
    return {
      async round(ms) {
        await before();
        let steps = 0;
        let elapsed = 0;
        for (const t = performance.now(); steps === 0 || elapsed < ms; steps++) {
          step();
          elapsed = performance.now() - t;
        }
        return (steps * 1000) / elapsed;
      },
      close: dispose,
    };
  };
}

/** PyTorch on `threads` threads, or a start that fails with the reason it can't run here. */
function torchOn(threads: number): Side {
  return {
    name: `torch ${threads}t`,
    family: 'torch',
    start: async (w) => {
      const missing = torchMissing();
      if (missing !== null) throw new Error(missing);
      return torchSide(w, threads);
    },
    describe: () => `PyTorch (${'/usr/bin/python3'}) with ${torchBlas()}, ${threads} thread${threads > 1 ? 's' : ''}`,
  };
}

/** Our engine on `threads` threads (torch.set_num_threads), or fewer where threads can't run. */
function oursOn(threads: number): Side {
  return {
    name: `ours ${threads}t`,
    family: 'ours',
    start: inProcess(engineSide, async () => {
      const got = await torch.set_num_threads(threads);
      if (got !== threads) throw new Error(`${threads} threads asked, ${got} running: ${torch.backends.cpu.threads_unavailable() ?? 'workers failed'}`);
    }),
    describe: () => `our CPU backend, ${threads} thread${threads > 1 ? 's' : ''}, ${torch.backends.cpu.kernel_variant()} kernels`,
  };
}

export const SIDES: readonly Side[] = [
  oursOn(1),
  oursOn(2),
  torchOn(1),
  torchOn(2),
  { name: 'tfjs-wasm', family: 'tfjs', start: inProcess(tfjsSide('wasm')) },
  { name: 'tfjs-cpu', family: 'tfjs', start: inProcess(tfjsSide('cpu')) },
];

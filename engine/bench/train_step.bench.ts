/**
 * `npm run bench`: steps per second of one RNN training step (forward, backward through time,
 * SGD) for the workloads in engine/bench/workload.ts, ours against TensorFlow.js on its cpu and wasm
 * backends, all single-threaded in this one process. Prints one table and writes it to
 * engine/bench/results/train_step.json. Name workloads to run only those: `npm run bench -- S M`.
 * Our WebGPU backend (engine/bench/webgpu_side.ts) gets a column wherever Dawn finds a GPU; on a
 * machine with none its only adapter is SwiftShader, which takes several minutes, so there it
 * runs only with `--webgpu`. `--no-webgpu` leaves it out everywhere.
 *
 * Each side warms up (JIT, scratch buffers, tfjs kernel setup), then runs timed rounds of at
 * least ROUND_MS and one step each, for about MEASURE_MS and at least MIN_ROUNDS rounds, and
 * reports its best round: other work on a shared machine only ever slows a round down. A slow
 * side (L on tfjs-cpu, seconds a step) thus runs only a few steps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { engineSide } from './engine_side.ts';
import { tfjsSide } from './tfjs_peer.ts';
import { printWebGpuReport, webgpuSide } from './webgpu_side.ts';
import { stepFlops, WORKLOADS, type StepFactory, type Workload } from './workload.ts';

const WARMUP_MS = 500;
const ROUND_MS = 1000;
const MEASURE_MS = 3000;
const MIN_ROUNDS = 2;

const SIDES: readonly [string, StepFactory][] = [
  ['ours', engineSide],
  ['tfjs-cpu', tfjsSide('cpu')],
  ['tfjs-wasm', tfjsSide('wasm')],
];

/** Steps per second of one side on one workload, or the error that stopped it. */
async function stepsPerSecond(factory: StepFactory, w: Workload): Promise<number | string> {
  try {
    const { step, dispose } = await factory(w);
    try {
      // At least one warm-up step; more only while they are cheap.
      for (let t = performance.now(); ;) {
        step();
        if (performance.now() - t >= WARMUP_MS) break;
      }
      let best = 0;
      for (let rounds = 0, start = performance.now(); rounds < MIN_ROUNDS || performance.now() - start < MEASURE_MS; rounds++) {
        let steps = 0;
        let elapsed = 0;
        for (const t = performance.now(); steps === 0 || elapsed < ROUND_MS; steps++) {
          step();
          elapsed = performance.now() - t;
        }
        best = Math.max(best, (steps * 1000) / elapsed);
      }
      return best;
    } finally {
      dispose();
    }
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const fixed = (value: number | string, digits: number): number | string =>
  typeof value === 'number' ? Number(value.toFixed(digits)) : value;
const ratio = (ours: number | string, peer: number | string): number | string =>
  typeof ours === 'number' && typeof peer === 'number' ? fixed(ours / peer, 2) : '-';

const args = process.argv.slice(2);
const webgpuMode = args.includes('--no-webgpu') ? 'off' : args.includes('--webgpu') ? 'always' : 'hardware';
const wanted = args.filter((a) => !a.startsWith('--'));
const rows: Record<string, number | string>[] = [];
for (const w of WORKLOADS.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
  const rates: Record<string, number | string> = {};
  for (const [side, factory] of SIDES) {
    process.stderr.write(`${w.name} ${side}...\n`);
    rates[side] = await stepsPerSecond(factory, w);
  }
  const ours = rates.ours ?? '-';
  const cpu = rates['tfjs-cpu'] ?? '-';
  const wasm = rates['tfjs-wasm'] ?? '-';
  const gflops = (rate: number | string) => (typeof rate === 'number' ? fixed((rate * stepFlops(w)) / 1e9, 2) : '-');
  rows.push({
    config: w.name,
    'ours steps/s': fixed(ours, 2),
    'ours GFLOP/s': gflops(ours),
    'tfjs-cpu steps/s': fixed(cpu, 2),
    'tfjs-cpu GFLOP/s': gflops(cpu),
    'tfjs-wasm steps/s': fixed(wasm, 2),
    'tfjs-wasm GFLOP/s': gflops(wasm),
    'ours/tfjs-cpu': ratio(ours, cpu),
    'ours/tfjs-wasm': ratio(ours, wasm),
  });
}

// Our WebGPU backend (Dawn; SwiftShader without a GPU), and where it overtakes our CPU backend.
const webgpu =
  webgpuMode === 'off'
    ? null
    : await webgpuSide(
        WORKLOADS.filter((x) => wanted.length === 0 || wanted.includes(x.name)),
        { software: webgpuMode === 'always' },
      );
if (webgpu?.skipped === null) for (const row of rows) row['webgpu steps/s'] = fixed(webgpu.rates[String(row.config)] ?? '-', 2);

console.table(rows);
if (webgpu) printWebGpuReport(webgpu);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/train_step.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, workloads: WORKLOADS, rows, webgpu }, null, 2)}\n`,
);

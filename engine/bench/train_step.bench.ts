/**
 * `npm run bench`: steps per second of one RNN training step (forward, backward through time,
 * SGD) for the workloads in engine/bench/workload.ts: ours on one thread and on two, native
 * PyTorch (torch_side.ts; OpenBLAS) on one thread and on two, and TensorFlow.js on its cpu and
 * wasm backends. Prints one table and writes it to engine/bench/results/train_step.json. Name
 * workloads to run only those: `npm run bench -- S M`; `--no-torch`, `--no-tfjs` leave peers out.
 * Our WebGPU backend (engine/bench/webgpu_side.ts) gets a column wherever Dawn finds a GPU; on a
 * machine with none its only adapter is SwiftShader, which takes several minutes, so there it
 * runs only with `--webgpu`. `--no-webgpu` leaves it out everywhere.
 *
 * Every side warms up (JIT, scratch, worker threads, tfjs kernel setup), then the sides take
 * turns: ROUNDS rounds each of at least ROUND_MS and one step, interleaved side by side, so a
 * shared machine's load falls on all of them alike; each reports its best round (other work only
 * ever slows a round down), and every ratio compares best rounds of the same run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { SIDES, type Side } from './sides.ts';
import { printWebGpuReport, webgpuSide } from './webgpu_side.ts';
import { stepFlops, WORKLOADS, type Workload } from './workload.ts';

const ROUND_MS = 1000;
const ROUNDS = 4;

/** The ratio columns: [heading, numerator side, denominator side]. */
const RATIOS: readonly [string, string, string][] = [
  ['ours 1t / torch 1t', 'ours 1t', 'torch 1t'],
  ['ours 2t / torch 1t', 'ours 2t', 'torch 1t'],
  ['ours 2t / torch 2t', 'ours 2t', 'torch 2t'],
  ['ours 1t / tfjs-wasm', 'ours 1t', 'tfjs-wasm'],
  ['ours 1t / tfjs-cpu', 'ours 1t', 'tfjs-cpu'],
];

const fixed = (value: number | string | undefined, digits: number): number | string =>
  typeof value === 'number' ? Number(value.toFixed(digits)) : value ?? '-';

/** Best steps/s of each side on one workload, rounds interleaved; an error or skip in words. */
async function measure(w: Workload, sides: readonly Side[]): Promise<Record<string, number | string>> {
  const rates: Record<string, number | string> = {};
  const running: [Side, Awaited<ReturnType<Side['start']>>][] = [];
  for (const side of sides) {
    process.stderr.write(`${w.name} ${side.name}: warming up\n`);
    try {
      running.push([side, await side.start(w)]);
      rates[side.name] = 0;
    } catch (err) {
      rates[side.name] = err instanceof Error ? err.message : String(err);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, runner] of running) {
      const rate = await runner.round(ROUND_MS);
      rates[side.name] = Math.max(Number(rates[side.name]), rate);
      process.stderr.write(`${w.name} ${side.name}: round ${round + 1}, ${rate.toFixed(2)} steps/s\n`);
    }
  }
  for (const [, runner] of running) runner.close();
  return rates;
}

const args = process.argv.slice(2);
const webgpuMode = args.includes('--no-webgpu') ? 'off' : args.includes('--webgpu') ? 'always' : 'hardware';
const wanted = args.filter((a) => !a.startsWith('--'));
const workloads = WORKLOADS.filter((x) => wanted.length === 0 || wanted.includes(x.name));
const sides = SIDES.filter((s) => !args.includes(`--no-${s.family}`));
const notes = new Set<string>();
const rows: Record<string, number | string>[] = [];
for (const w of workloads) {
  const rates = await measure(w, sides);
  const row: Record<string, number | string> = { config: w.name };
  for (const side of sides) {
    const rate = rates[side.name];
    if (typeof rate === 'string') notes.add(`${side.name}: ${rate}`);
    row[`${side.name} steps/s`] = typeof rate === 'number' ? fixed(rate, 2) : '-';
  }
  const ours = rates['ours 1t'];
  row['ours 1t GFLOP/s'] = typeof ours === 'number' ? fixed((ours * stepFlops(w)) / 1e9, 2) : '-';
  for (const [heading, num, den] of RATIOS) {
    const [a, b] = [rates[num], rates[den]];
    row[heading] = typeof a === 'number' && typeof b === 'number' ? fixed(a / b, 2) : '-';
  }
  rows.push(row);
}

// Our WebGPU backend (Dawn; SwiftShader without a GPU), and where it overtakes our CPU backend.
const webgpu = webgpuMode === 'off' ? null : await webgpuSide(workloads, { software: webgpuMode === 'always' });
if (webgpu?.skipped === null) for (const row of rows) row['webgpu steps/s'] = fixed(webgpu.rates[String(row.config)], 2);

console.table(rows);
for (const side of sides) if (side.describe) process.stdout.write(`${side.name}: ${side.describe()}\n`);
for (const note of notes) process.stdout.write(`skipped ${note}\n`);
if (webgpu) printWebGpuReport(webgpu);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/train_step.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, workloads, rows, webgpu }, null, 2)}\n`,
);

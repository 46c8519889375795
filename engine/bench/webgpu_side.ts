/**
 * The WebGPU column of `npm run bench`: the training step of engine/bench/workload.ts on the engine's
 * WebGPU backend (Dawn in Node; SwiftShader, a CPU emulating a GPU, on machines without one),
 * and a sweep of the hidden size that finds where WebGPU overtakes the engine's CPU backend.
 * Skipped with the reason when there is no adapter, or only a software one unless asked. Also runs alone:
 * `npx tsx engine/bench/webgpu_side.ts [workload names]`.
 *
 * A GPU step is only done when the GPU is: every timed step ends by awaiting its loss, as the
 * CPU side reads its loss with `item()`. SwiftShader takes minutes where a GPU takes milliseconds
 * (L: about 100 s a step), so a side slower than SLOW_STEP_MS a step is timed by its first step
 * alone, and the sweep stops at the first size that slow.
 */
import { nodeGpu, withInstallHint } from '../backends/webgpu/testing/node_gpu.ts';
import { torch } from '../index.ts';
import { recurrentLayer } from './engine_side.ts';
import { LEARNING_RATE, workloadData, WORKLOADS, type Workload } from './workload.ts';

const WARMUP_MS = 500;
const MEASURE_MS = 3000;
const MIN_STEPS = 2;
const SLOW_STEP_MS = 5000;

/** The sweep: workload S's shape with a growing hidden size. */
const SWEEP_HIDDEN = [16, 32, 64, 128, 256, 512] as const;

/** One training step on `device`, written as on the CPU side plus `.to(device)`. */
function trainStep(w: Workload, device: 'cpu' | 'webgpu'): () => Promise<void> {
  torch.manual_seed(0);
  const dirs = w.bidirectional ? 2 : 1;
  const rnn = recurrentLayer(w);
  rnn.module.to(device);
  const head = new torch.nn.Linear(dirs * w.hidden, w.input).to(device);
  const optimizer = new torch.optim.SGD([...rnn.module.parameters(), ...head.parameters()], { lr: LEARNING_RATE });
  const data = workloadData(w);
  const shape = [w.seq, w.batch, w.input];
  const x = torch.tensor(data.x, { shape, device });
  const target = torch.tensor(data.target, { shape, device });
  return async () => {
    optimizer.zero_grad();
    const output = rnn.run(x);
    const loss = torch.nn.functional.mse_loss(head.forward(output), target);
    loss.backward();
    optimizer.step();
    await loss.item_async();
  };
}

/** Steps per second after a warm-up (shader compiles, buffer pool), or the error that stopped it. */
async function stepsPerSecond(w: Workload, device: 'cpu' | 'webgpu'): Promise<number | string> {
  try {
    const step = trainStep(w, device);
    const first = performance.now();
    await step();
    const firstMs = performance.now() - first;
    if (firstMs > SLOW_STEP_MS) return 1000 / firstMs;
    for (const start = performance.now(); performance.now() - start < WARMUP_MS; ) await step();
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (steps < MIN_STEPS || elapsed < MEASURE_MS) {
      await step();
      steps++;
      elapsed = performance.now() - start;
    }
    return (steps * 1000) / elapsed;
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Starts WebGPU on Dawn, or says why it cannot. A software adapter (SwiftShader) is used only when
 * `software` allows it: there a GPU step takes seconds to minutes and tells nothing about GPUs.
 */
async function startWebGpu(software: boolean): Promise<{ adapter: string } | { reason: string }> {
  const found = await nodeGpu({ hardware: true });
  if ('reason' in found) return found;
  const probe = await found.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (probe?.info.isFallbackAdapter === true && !software) {
    const name = [probe.info.vendor, probe.info.architecture].filter((p) => p !== '').join(' ');
    return { reason: `the only adapter is a software one (${name}); \`npm run bench -- --webgpu\` times it anyway` };
  }
  const started = await torch.backends.webgpu.init(found.gpu);
  return started.ok ? { adapter: started.adapter } : { reason: withInstallHint(started.reason) };
}

export interface WebGpuReport {
  /** The adapter in words, or why WebGPU was skipped (then nothing else is filled). */
  adapter: string | null;
  skipped: string | null;
  /** WebGPU steps/s by workload name. */
  rates: Record<string, number | string>;
  /** Hidden-size sweep on workload S's shape: steps/s on each backend. */
  sweep: { hidden: number; cpu: number | string; webgpu: number | string }[];
  /** The smallest swept hidden size where WebGPU beats the CPU backend, or null if none did. */
  overtakesAt: number | null;
}

/**
 * Measures the WebGPU column for `workloads` and the hidden-size sweep, then releases the GPU.
 * Skipped with the reason on a software adapter unless `software` is set.
 *
 * @example
 * const report = await webgpuSide(WORKLOADS, { software: true });
 * console.table(report.sweep);
 */
export async function webgpuSide(workloads: readonly Workload[], { software = false } = {}): Promise<WebGpuReport> {
  const started = await startWebGpu(software);
  if ('reason' in started) return { adapter: null, skipped: started.reason, rates: {}, sweep: [], overtakesAt: null };
  const rates: Record<string, number | string> = {};
  for (const w of workloads) {
    process.stderr.write(`${w.name} webgpu...\n`);
    rates[w.name] = await stepsPerSecond(w, 'webgpu');
  }
  const base = WORKLOADS[0]!;
  const sweep: WebGpuReport['sweep'] = [];
  for (const hidden of SWEEP_HIDDEN) {
    const w = { ...base, name: `S/H=${hidden}`, hidden };
    process.stderr.write(`${w.name} cpu, webgpu...\n`);
    const row = { hidden, cpu: await stepsPerSecond(w, 'cpu'), webgpu: await stepsPerSecond(w, 'webgpu') };
    sweep.push(row);
    if (typeof row.webgpu !== 'number' || row.webgpu < 1000 / SLOW_STEP_MS) break;
  }
  torch.backends.webgpu.release();
  const faster = sweep.find((r) => typeof r.cpu === 'number' && typeof r.webgpu === 'number' && r.webgpu > r.cpu);
  return { adapter: started.adapter, skipped: null, rates, sweep, overtakesAt: faster?.hidden ?? null };
}

/** The report as printed lines: the sweep table and the crossover, or the reason it was skipped. */
export function printWebGpuReport(report: WebGpuReport): void {
  if (report.skipped !== null) {
    process.stdout.write(`webgpu: skipped (${report.skipped})\n`);
    return;
  }
  const fixed = (v: number | string) => (typeof v === 'number' ? Number(v.toFixed(2)) : v);
  process.stdout.write(`webgpu adapter: ${report.adapter}\n`);
  console.table(Object.entries(report.rates).map(([config, rate]) => ({ config, 'webgpu steps/s': fixed(rate) })));
  console.table(report.sweep.map((r) => ({ hidden: r.hidden, 'cpu steps/s': fixed(r.cpu), 'webgpu steps/s': fixed(r.webgpu) })));
  const largest = report.sweep.at(-1)?.hidden;
  const where = report.overtakesAt === null ? `not within hidden <= ${largest}` : `from hidden = ${report.overtakesAt}`;
  process.stdout.write(`webgpu overtakes the cpu backend (workload S's shape): ${where}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = process.argv.slice(2);
  printWebGpuReport(await webgpuSide(WORKLOADS.filter((w) => wanted.length === 0 || wanted.includes(w.name)), { software: true }));
}

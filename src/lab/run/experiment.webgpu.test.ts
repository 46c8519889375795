/**
 * The same run on a GPU: the async step reads back only a few numbers, follows the CPU's losses
 * within float32 rounding, reports the CPU/GPU parity, and its checkpoint resumes on the CPU (what
 * a lost GPU falls back to).
 */
import { expect } from 'vitest';
import { forEachBackend } from '../../../engine/testing/backends.ts';
import { Experiment } from './experiment.ts';
import { defaultConfig } from '../config/schema.ts';

const config = { ...defaultConfig('parity'), seqLen: 6, batchSize: 8 };

function build(device: 'cpu' | 'webgpu'): Experiment {
  const r = Experiment.create(config, device);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.data;
}

async function lossesOf(run: Experiment, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = await run.trainStepAsync();
    if (!r.ok) throw new Error(r.problem.where);
    out.push(r.stats.loss);
  }
  return out;
}

forEachBackend((b) => {
  b.it('trains asynchronously like the CPU run, and its checkpoint resumes on the CPU', async () => {
    const reference = await lossesOf(build('cpu'), 8);
    const run = build(b.name);
    const losses = await lossesOf(run, 5);
    losses.forEach((l, i) => expect(l).toBeCloseTo(reference[i]!, 4));
    expect(await run.parity()).toBeLessThan(1e-4);
    // One CPU copy of the weights serves every view until a step changes them.
    const copy = await run.cpuModel();
    expect(await run.cpuModel()).toBe(copy);
    const probe = await run.probeAsync(0);
    expect(probe.layers[0]!.gradNorm).toHaveLength(6);
    const cpu = build('cpu');
    cpu.restore(await run.checkpointAsync());
    expect(cpu.step).toBe(5);
    const rest = await lossesOf(cpu, 3);
    rest.forEach((l, i) => expect(l).toBeCloseTo(reference[5 + i]!, 4));

    // A step makes the copy stale: the next one holds the new weights (the CPU run is its own copy).
    await lossesOf(run, 1);
    const fresh = await run.cpuModel();
    expect(fresh === copy).toBe(b.name === 'cpu');
    const weights = await run.weightsAsync();
    for (const [name, p] of fresh.named_parameters()) expect(p.toFloat32Array()).toEqual(weights[name]!.data);
  });
});

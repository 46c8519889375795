/**
 * The same run on a GPU: a step reads back only a few numbers, follows the CPU's losses within
 * float32 rounding, reports the CPU/GPU parity, and its checkpoint resumes on the CPU (what a lost
 * GPU falls back to). On the CPU there is nothing to compare against itself; what holds there is
 * that a CPU run is its own CPU copy.
 */
import { expect } from 'vitest';
import { forEachBackend } from '../../../engine/testing/backends.ts';
import { defaultConfig } from '../config/schema.ts';
import { buildRun as buildOn, trainLosses as lossesOf } from './test_runs.ts';

const config = { ...defaultConfig('parity'), seqLen: 6, batchSize: 8 };

const build = (device: 'cpu' | 'webgpu') => buildOn(config, device);

forEachBackend((b) => {
  if (b.name === 'cpu') {
    b.it('a CPU run is its own CPU copy: a step never leaves it stale', async () => {
      const run = build('cpu');
      const model = await run.cpuModel();
      await lossesOf(run, 1);
      expect(await run.cpuModel()).toBe(model);
      const weights = await run.weights();
      for (const [name, p] of model.named_parameters()) expect(p.toFloat32Array()).toEqual(weights[name]!.data);
    });
    return;
  }
  b.it('trains asynchronously like the CPU run, and its checkpoint resumes on the CPU', async () => {
    const reference = await lossesOf(build('cpu'), 8);
    const run = build(b.name);
    const losses = await lossesOf(run, 5);
    losses.forEach((l, i) => expect(l).toBeCloseTo(reference[i]!, 4));
    expect(await run.parity()).toBeLessThan(1e-4);
    // One CPU copy of the weights serves every view until a step changes them.
    const copy = await run.cpuModel();
    expect(await run.cpuModel()).toBe(copy);
    const probe = await run.probe(0);
    expect(probe.layers[0]!.gradNorm).toHaveLength(6);
    const cpu = build('cpu');
    cpu.restore(await run.checkpoint());
    expect(cpu.step).toBe(5);
    const rest = await lossesOf(cpu, 3);
    rest.forEach((l, i) => expect(l).toBeCloseTo(reference[5 + i]!, 4));

    // A step makes the copy stale: the next one holds the new weights (the CPU run is its own copy).
    await lossesOf(run, 1);
    const fresh = await run.cpuModel();
    expect(fresh === copy).toBe(b.name === 'cpu');
    const weights = await run.weights();
    for (const [name, p] of fresh.named_parameters()) expect(p.toFloat32Array()).toEqual(weights[name]!.data);
  });
});

/**
 * Export from a run on any device: the bundle reads weights and optimizer state with the async
 * forms, so a WebGPU run exports the same files as the CPU run it was moved from.
 */
import { expect } from 'vitest';
import { forEachBackend } from '../../engine/testing/backends.ts';
import { rebuildOn } from '../lab/run/device_move.ts';
import { Experiment } from '../lab/run/experiment.ts';
import { defaultConfig } from '../lab/config/schema.ts';
import { bundleFiles } from './bundle.ts';

const config = { ...defaultConfig('parity'), seqLen: 6, batchSize: 4, model: { ...defaultConfig('parity').model, hiddenSize: 6 } };

forEachBackend((b) => {
  b.it('exports the same script, weights, optimizer state and data as the CPU run it came from', async () => {
    const created = Experiment.create(config);
    if (!created.ok) throw new Error(created.errors.map((e) => e.message).join('; '));
    const cpu = created.data;
    for (let i = 0; i < 3; i++) await cpu.trainStep();
    const moved = rebuildOn(config, b.name, await cpu.checkpoint());
    expect(moved.device).toBe(b.name);
    expect(await bundleFiles(moved, 2)).toEqual(await bundleFiles(cpu, 2));
  });
});

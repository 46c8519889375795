/**
 * The host opening a checkpoint file (in the format the exported script writes, made here with
 * the engine's torch.save so no Python is needed): the run lands at its step and trains on as the
 * original would; a bad file leaves the current run as it was.
 */
import { torch } from 'engine';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT } from '../../export/checkpoint_import.ts';
import { defaultConfig } from '../config/schema.ts';
import { Experiment } from '../run/experiment.ts';
import { fromPlain } from '../run/plain.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent } from './protocol.ts';

const config = { ...defaultConfig('parity'), seqLen: 6, batchSize: 8, model: { ...defaultConfig('parity').model, hiddenSize: 5 } };

/** A run's checkpoint as trainer.py saves it: PyTorch names, int-keyed optimizer state, the app-form generator. */
async function scriptCheckpoint(exp: Experiment): Promise<Uint8Array> {
  const c = await exp.checkpoint();
  const state = new Map(
    Object.entries(c.optimizer.state).map(([i, buffers]) => [
      Number(i),
      Object.fromEntries(Object.entries(buffers).map(([name, v]) => [name, typeof v === 'number' ? torch.tensor(v) : fromPlain(v)])),
    ]),
  );
  return torch.save({
    format: CHECKPOINT_FORMAT, version: 1, config: exp.config, step: c.step,
    model: Object.fromEntries(Object.entries(c.weights).map(([n, w]) => [n, fromPlain(w)])),
    optimizer: { state, param_groups: [] }, data_rng: c.dataRng, generator: c.generator, world_size: 1,
  });
}

function host() {
  const lab = new LabHost();
  const events: LabEvent[] = [];
  lab.listen((e) => events.push(e));
  const lastFrame = () => events.filter((e) => e.kind === 'frame').at(-1);
  return { lab, lastFrame };
}

describe('LabHost.openCheckpoint', () => {
  it('lands at the checkpoint step and trains on exactly as the run it came from', async () => {
    const created = Experiment.create(config);
    if (!created.ok) throw new Error('config');
    const exp = created.data;
    for (let i = 0; i < 4; i++) await exp.trainStep();
    const bytes = await scriptCheckpoint(exp);
    const next = await exp.trainStep();
    const { lab, lastFrame } = host();
    await lab.load(defaultConfig('sine'));
    const out = await lab.openCheckpoint(bytes);
    expect(out).toMatchObject({ ok: true, step: 4, config });
    const frame = lastFrame();
    expect(frame?.kind === 'frame' && frame.frame.step).toBe(4);
    expect(await lab.step()).toEqual({ step: 5 });
    const after = lastFrame();
    expect(after?.kind === 'frame' && after.frame.history.at(-1)?.loss).toBe(next.ok && next.stats.loss);
  });

  it('keeps the current run when the file cannot be used', async () => {
    const { lab } = host();
    await lab.load(config);
    await lab.step();
    const out = await lab.openCheckpoint(new Uint8Array([80, 75, 3, 4, 0, 0]));
    expect(out.ok).toBe(false);
    expect('message' in out && out.message).toContain('not a PyTorch checkpoint');
    expect(await lab.step()).toEqual({ step: 2 });
  });
});

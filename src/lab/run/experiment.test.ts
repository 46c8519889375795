/** The runner's guarantees: determinism, exact checkpoint/restore, NaN rollback, probes. */
import { torch } from 'engine';
import { describe, expect, it } from 'vitest';
import { Experiment } from './experiment.ts';
import { buildRun, trainLosses } from './test_runs.ts';
import { defaultConfig, type ExperimentConfig } from '../config/schema.ts';

describe('Experiment', () => {
  it('gives bit-identical loss curves for the same seed and config', async () => {
    const config = { ...defaultConfig('parity'), seed: 7 };
    expect(await trainLosses(buildRun(config), 25)).toEqual(await trainLosses(buildRun(config), 25));
    expect(await trainLosses(buildRun({ ...config, seed: 8 }), 5)).not.toEqual(await trainLosses(buildRun(config), 5));
  });

  it('restores a checkpoint exactly: the run continues as if never interrupted', async () => {
    const config = { ...defaultConfig('echo'), model: { ...defaultConfig('echo').model, dropout: 0.2, numLayers: 2 } };
    const a = buildRun(config);
    await trainLosses(a, 10);
    const saved = (await a.checkpoint());
    const next = await trainLosses(a, 10);
    await trainLosses(a, 5);
    a.restore(saved);
    expect(a.step).toBe(10);
    expect(await trainLosses(a, 10)).toEqual(next);
  });

  it('rolls back and names the place when the loss turns NaN', async () => {
    const config = defaultConfig('brackets');
    const run = buildRun({ ...config, optimizer: { name: 'sgd', lr: 10, momentum: 0.99 }, model: { ...config.model, nonlinearity: 'relu' } });
    let outcome = await run.trainStep();
    for (let i = 0; i < 200 && outcome.ok; i++) outcome = await run.trainStep();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problem.step).toBe(run.step + 1);
    expect(outcome.problem.where).toMatch(/^(the training loss|the gradient of (rnn|head)\.\w+|(rnn|head)\.\w+ after the update)$/);
    expect(outcome.problem.lastGoodStep).toBe(run.step);
    expect(Number.isFinite(outcome.problem.value)).toBe(false);
    expect(outcome.problem.suggestion).toMatch(/learning rate/);
    expect(Object.values((await run.weights())).every((w) => w.data.every(Number.isFinite))).toBe(true);
  });

  it('names what went non-finite first: a forward pass that overflows (ρ(W_hh) = 4 over 60 steps) is the training loss', async () => {
    const config = defaultConfig('sine');
    const run = buildRun({ ...config, seqLen: 60, model: { ...config.model, nonlinearity: 'relu', hiddenSize: 32, init: { scheme: 'identity', gain: 4 } } });
    const outcome = await run.trainStep();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problem).toMatchObject({ step: 1, lastGoodStep: 0 });
    expect(outcome.problem).toMatchObject({ where: 'the training loss', value: Number.POSITIVE_INFINITY });
    expect(run.step).toBe(0);
  });

  it('keeps the last state with a finite held-out loss, and goes back to it on a NaN one', async () => {
    const run = buildRun(defaultConfig('sine'));
    await trainLosses(run, 2);
    expect(run.checkHeldOut((await run.evaluate()).loss)).toBeNull();
    const good = await run.weights();
    await trainLosses(run, 3);
    const problem = run.checkHeldOut(Number.NaN);
    expect(problem).toMatchObject({ step: 5, where: 'the held-out loss', lastGoodStep: 2 });
    expect(run.step).toBe(2);
    expect(await run.weights()).toEqual(good);
  });

  it('probes one example: h_t equals the fused RNN output, dL/dh_t is there for every step', async () => {
    const config = { ...defaultConfig('sine'), model: { ...defaultConfig('sine').model, numLayers: 2, bidirectional: true } };
    const run = buildRun(config);
    await trainLosses(run, 3);
    const gradsBefore = run.model.parameters().map((p) => p.grad?.tolist1d());
    const probe = await run.probe(2);
    // The probe must leave the gradients training accumulated untouched.
    expect(run.model.parameters().map((p) => p.grad?.tolist1d())).toEqual(gradsBefore);
    const T = probe.length;
    expect(probe.layers.map((l) => [l.layer, l.direction])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    // The same example through the fused nn.RNN gives the same top-layer states.
    const x = torch.tensor(probe.input.flatMap((v) => Array.from(v)), { shape: [1, T, probe.input[0]!.length] });
    const [out] = torch.no_grad(() => run.model.rnn.forward(x));
    const H = config.model.hiddenSize;
    for (let t = 0; t < T; t++) {
      const fused = out.select(0, 0).select(0, t).toFloat32Array();
      const fwd = probe.layers[2]!.hidden[t]!;
      const rev = probe.layers[3]!.hidden[t]!;
      for (let j = 0; j < H; j++) {
        expect(fwd[j]).toBeCloseTo(fused[j]!, 5);
        expect(rev[j]).toBeCloseTo(fused[H + j]!, 5);
      }
    }
    for (const layer of probe.layers) {
      expect(layer.gradNorm).toHaveLength(T);
      expect(layer.gradNorm.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    }
  });

  it('refuses settings the task rejects, with the task words', async () => {
    const r = Experiment.create({ ...defaultConfig('custom_text'), text: '' });
    expect(r.ok).toBe(false);
  });
});

/**
 * The host opening a model trained in PyTorch (a nested training checkpoint that real PyTorch
 * saved, model_import/fixtures): it lists the models before anything changes, opens the chosen one
 * at step 0 with the file's weights (the frame's hidden states are PyTorch's), trains on from
 * there, and leaves the current run as it was for a file or a model it cannot use.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, TOL } from '../../../engine/testing/golden.ts';
import { defaultConfig } from '../config/schema.ts';
import { MODEL_CASES, modelFixture } from '../run/model_import/fixtures.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent, RunFrame } from './protocol.ts';

function host() {
  const lab = new LabHost();
  const events: LabEvent[] = [];
  lab.listen((e) => events.push(e));
  const lastFrame = (): RunFrame | undefined => {
    const e = events.filter((x) => x.kind === 'frame').at(-1);
    return e?.kind === 'frame' ? e.frame : undefined;
  };
  return { lab, lastFrame };
}

const nested = MODEL_CASES['nested_checkpoint.pt']!;
const run = 'runs' in nested ? nested.runs[0]! : null;

describe('LabHost: open a model', () => {
  it('lists what it found, then opens the model with its weights: the probe shows PyTorch\'s hidden states', async () => {
    const { lab, lastFrame } = host();
    await lab.load({ ...defaultConfig('custom_numbers'), text: run!.csv });
    const before = lastFrame()!.step;
    const inspected = await lab.inspectModelFile(modelFixture('nested_checkpoint.pt'), 'nested_checkpoint.pt');
    expect(inspected).toMatchObject({
      ok: true,
      kind: 'models',
      choices: [{ summary: 'nn.RNN(3, 8, num_layers=2) at model.encoder.rnn, Linear(8 → 3) at model.readout', problem: null }],
    });
    expect(lastFrame()!.step).toBe(before);
    const opened = await lab.openModel(0, 'tanh');
    expect(opened).toMatchObject({ ok: true, step: 0, config: { task: 'custom_numbers', text: run!.csv, model: { hiddenSize: 8, numLayers: 2 } } });
    const probe = lastFrame()!.probe;
    for (const ref of run!.layers) {
      const layer = probe.layers.find((l) => l.layer === ref.layer && l.direction === ref.direction)!;
      expectClose(`h_t l${ref.layer}`, layer.hidden.flatMap((h) => [...h]), ref.hidden, TOL.forward);
    }
    expect(lastFrame()!.weights['head.weight']!.shape).toEqual([3, 8]);
    // Trains on from the file's weights.
    expect(await lab.step()).toEqual({ step: 1 });
  });

  it('keeps the current run for a file without a model and for a model it cannot open', async () => {
    const { lab, lastFrame } = host();
    await lab.load(defaultConfig('sine'));
    await lab.step();
    const weights = lastFrame()!.weights;
    expect(await lab.inspectModelFile(modelFixture('no_rnn.pt'), 'no_rnn.pt')).toMatchObject({ ok: false, message: expect.stringContaining('No RNN weights found') });
    const lstm = await lab.inspectModelFile(modelFixture('lstm.pt'), 'lstm.pt');
    expect(lstm).toMatchObject({ ok: true, choices: [{ problem: expect.stringContaining('the app opens nn.RNN models only for now'), plan: null }] });
    expect(await lab.openModel(0, 'tanh')).toMatchObject({ ok: false, message: expect.stringContaining('nn.LSTM(3, 4, num_layers=2)') });
    expect(await lab.openModel(3, 'tanh')).toMatchObject({ ok: false, message: expect.stringContaining('choose the file again') });
    expect(lastFrame()!.step).toBe(1);
    expect(lastFrame()!.weights).toBe(weights);
  });
});

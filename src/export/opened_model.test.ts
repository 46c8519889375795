/**
 * A model trained in PyTorch, opened in the app: the run's step-through views show PyTorch's own
 * hidden states (every layer and direction) and outputs for the same input, within the golden
 * tolerance; the expected values come from real PyTorch (model_import/fixtures/make_models.py).
 */
import { describe, expect, it } from 'vitest';
import { expectClose, TOL } from '../../engine/testing/golden.ts';
import { defaultConfig } from '../lab/config/schema.ts';
import { rebuildOn } from '../lab/run/device_move.ts';
import { keepsHead } from '../lab/run/model_import/fit.ts';
import { MODEL_CASES, modelFixture } from '../lab/run/model_import/fixtures.ts';
import { readModelFile } from './model_file.ts';
import { openedConfig, openedRun, sampleSeries } from './opened_model.ts';

const flat = (rows: Float32Array[]) => rows.flatMap((r) => [...r]);

describe('an opened model steps through time as PyTorch does', () => {
  for (const [name, expected] of Object.entries(MODEL_CASES)) {
    if (!('runs' in expected)) continue;
    for (const run of expected.runs) {
      it(`${name}, the model at '${run.prefix}' (${run.nonlinearity})`, async () => {
        const read = readModelFile(modelFixture(name), name);
        if (!read.ok) throw new Error(read.message);
        const model = read.models.find((m) => m.prefix === run.prefix)!;
        // The user's own series, pasted into "Your numbers" before opening the model.
        const current = { ...defaultConfig('custom_numbers'), text: run.csv };
        const opened = await openedRun(model, read.tensors, run.nonlinearity, current);
        if (!opened.ok) throw new Error(opened.message);
        expect(opened.config.text).toBe(run.csv);
        const exp = rebuildOn(opened.config, 'cpu', opened.checkpoint);
        const probe = await exp.probe(0);
        expect(probe.length).toBe(run.input.shape[0]);
        // Fed as they are: the model sees the numbers of the CSV, not standardised ones.
        expectClose('input', flat(probe.input), run.input, { atol: 0, rtol: 0 });
        for (const ref of run.layers) {
          const layer = probe.layers.find((l) => l.layer === ref.layer && l.direction === ref.direction)!;
          expectClose(`h_t of layer ${ref.layer} direction ${ref.direction}`, flat(layer.hidden), ref.hidden, TOL.forward);
        }
        // The file's head gives the outputs where it maps back to the input's width (else a fresh head does).
        if (keepsHead(model)) expectClose('outputs', flat(probe.output), run.output!, TOL.forward);
        else expect(model.head?.outFeatures ?? 0).not.toBe(model.inputSize);
      });
    }
  }
});

describe('what opening a model makes of the app', () => {
  it("maps the model's sizes onto the config, with the nonlinearity asked", () => {
    const read = readModelFile(modelFixture('bi_l2.pt'), 'bi_l2.pt');
    if (!read.ok) throw new Error(read.message);
    const config = openedConfig(read.models[0]!, 'relu', null);
    expect(config.task).toBe('custom_numbers');
    expect(config.knobs.standardise).toBe(0);
    expect(config.model).toMatchObject({ hiddenSize: 6, numLayers: 2, bias: true, bidirectional: true, nonlinearity: 'relu', dropout: 0 });
    // No data of the model's width yet: a sample series of 4 channels.
    expect(config.text).toBe(sampleSeries(4));
    expect(config.seqLen).toBe(39);
  });

  it('a model without a usable head gets a fresh one; its RNN weights are the file\'s', async () => {
    const read = readModelFile(modelFixture('bi_l2.pt'), 'bi_l2.pt');
    if (!read.ok) throw new Error(read.message);
    const opened = await openedRun(read.models[0]!, read.tensors, 'tanh', null);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.checkpoint.weights['head.weight']!.shape).toEqual([4, 12]);
    expect([...opened.checkpoint.weights['rnn.weight_hh_l1_reverse']!.data]).toEqual([...read.tensors.get('weight_hh_l1_reverse')!.toFloat32Array()]);
  });

  it('refuses an LSTM, naming it', async () => {
    const read = readModelFile(modelFixture('lstm.pt'), 'lstm.pt');
    if (!read.ok) throw new Error(read.message);
    const opened = await openedRun(read.models[0]!, read.tensors, 'tanh', null);
    expect(opened).toEqual({
      ok: false,
      message: "This is an nn.LSTM(3, 4, num_layers=2): the app opens nn.RNN models only for now (an LSTM's weights have 4 × hidden_size rows, one block per gate).",
    });
  });
});

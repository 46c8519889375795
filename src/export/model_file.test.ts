/**
 * Model files made by real PyTorch (src/lab/run/model_import/fixtures/make_models.py): the models
 * the app finds in them are PyTorch's own constructor arguments, and what it refuses says why.
 */
import { torch } from 'engine';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../engine/testing/serialization.ts';
import { MODEL_CASES, modelFixture, type ExpectedModel } from '../lab/run/model_import/fixtures.ts';
import { summarise, type FoundModel } from '../lab/run/model_import/recognise.ts';
import { CHECKPOINT_FORMAT } from './checkpoint_import.ts';
import { readModelFile } from './model_file.ts';

const asPyTorch = (m: FoundModel): ExpectedModel => ({
  kind: m.kind,
  prefix: m.prefix,
  input_size: m.inputSize,
  hidden_size: m.hiddenSize,
  num_layers: m.numLayers,
  bias: m.bias,
  bidirectional: m.bidirectional,
  head: m.head === null ? null : { prefix: m.head.prefix, in_features: m.head.inFeatures, out_features: m.head.outFeatures, bias: m.head.bias },
});

describe('models found in PyTorch-made files', () => {
  for (const [name, expected] of Object.entries(MODEL_CASES)) {
    if (!('models' in expected)) continue;
    it(`${name}: ${expected.models.map((m) => `${m.kind} at '${m.prefix}'`).join(', ')}`, () => {
      const read = readModelFile(modelFixture(name), name);
      if (!read.ok) throw new Error(read.message);
      expect(read.appCheckpoint).toBe(false);
      expect(read.models.map(asPyTorch)).toEqual(expected.models);
      expect(read.misfits).toEqual([]);
    });
  }

  it('summarises a model as PyTorch would construct it', () => {
    const read = readModelFile(modelFixture('nested_checkpoint.pt'), 'nested_checkpoint.pt');
    if (!read.ok) throw new Error(read.message);
    expect(read.models.map(summarise)).toEqual(['nn.RNN(3, 8, num_layers=2) at model.encoder.rnn, Linear(8 → 3) at model.readout']);
    const others = ['bi_l2.pt', 'nobias_relu.pt', 'lstm.pt', 'gru.safetensors'].map((n) => {
      const r = readModelFile(modelFixture(n), n);
      return r.ok ? r.models.map(summarise).join(' | ') : r.message;
    });
    expect(others).toEqual([
      'nn.RNN(4, 6, num_layers=2, bidirectional=True) at the top level, no Linear head',
      'nn.RNN(2, 5, bias=False) at rnn, Linear(5 → 2, bias=False) at head',
      'nn.LSTM(3, 4, num_layers=2) at lstm, Linear(4 → 3) at fc',
      'nn.GRU(5, 7, bidirectional=True) at gru, no Linear head',
    ]);
  });

  it("keeps every tensor of the file by its path, optimizer state included", () => {
    const read = readModelFile(modelFixture('nested_checkpoint.pt'), 'nested_checkpoint.pt');
    if (!read.ok) throw new Error(read.message);
    expect(read.tensors.get('model.encoder.rnn.weight_ih_l1')?.shape).toEqual([8, 8]);
    expect([...read.tensors.keys()].some((k) => k.startsWith('optimizer.state.'))).toBe(true);
  });
});

describe('files the app refuses, with what was wrong', () => {
  for (const [name, expected] of Object.entries(MODEL_CASES)) {
    if (!('error' in expected)) continue;
    it(`${name}: ${expected.error.join(' / ')}`, () => {
      const read = readModelFile(modelFixture(name), name);
      expect(read.ok).toBe(false);
      if (read.ok) return;
      for (const needle of expected.error) expect(read.message).toContain(needle);
      expect(read.message).toContain(name);
    });
  }

  const engineFiles: [string, string[]][] = [
    ['not_pytorch.txt', ['Not a PyTorch file', 'a text file']],
    ['truncated.pt', ['truncated']],
    ['module.pt', ['pickled nn.Module class', 'model.state_dict()']],
    ['custom_class.pt', ['__main__.RunConfig', 'not allowed']],
    ['hostile_system.pt', ['Refused GLOBAL posix.system', 'Nothing from the file was run']],
  ];
  for (const [name, needles] of engineFiles) {
    it(`${name} (an engine fixture): ${needles.join(' / ')}`, () => {
      const read = readModelFile(fixture(name), name);
      expect(read).toMatchObject({ ok: false });
      if (read.ok) return;
      expect(read.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} is not a model file the app can read\\. `));
      for (const needle of needles) expect(read.message).toContain(needle);
    });
  }

  it('a truncated safetensors file', () => {
    const bytes = modelFixture('nested.safetensors');
    const read = readModelFile(bytes.subarray(0, bytes.length - 10), 'cut.safetensors');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/^cut\.safetensors is not a model file the app can read\. .*(truncated|cover|end)/);
  });

  it("the app's own exported checkpoint is told apart, for the checkpoint path", () => {
    const own = torch.save({ format: CHECKPOINT_FORMAT, version: 1, model: { 'rnn.weight_ih_l0': torch.zeros([2, 1]) } });
    expect(readModelFile(own, 'checkpoint.pt')).toMatchObject({ ok: true, appCheckpoint: true });
    const generic = readModelFile(fixture('checkpoint.pt'), 'checkpoint.pt');
    expect(generic).toMatchObject({ ok: true, appCheckpoint: false });
  });
});

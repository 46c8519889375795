import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import { pytorchScript, type ScriptSpec } from './pytorch_script.ts';

function spec(config: ExperimentConfig, rest: Partial<ScriptSpec> = {}): ScriptSpec {
  return { config, taskTitle: 'Test', inputSize: 1, outputSize: 1, loss: 'mse', target: 'every_step', variableLength: false, step: 0, optimizerState: false, ...rest };
}

describe('pytorchScript', () => {
  it('builds the RNN and head with the config’s arguments', () => {
    const base = defaultConfig('sine');
    const config = { ...base, seed: 42, model: { hiddenSize: 12, numLayers: 3, nonlinearity: 'relu' as const, bias: false, bidirectional: true, dropout: 0.25, init: base.model.init } };
    const s = pytorchScript(spec(config, { inputSize: 4, outputSize: 2 }));
    expect(s).toContain('nn.RNN(INPUT_SIZE, HIDDEN_SIZE, num_layers=3, nonlinearity="relu", bias=False,');
    expect(s).toContain('batch_first=True, dropout=0.25, bidirectional=True)');
    expect(s).toContain('nn.Linear(2 * HIDDEN_SIZE, OUTPUT_SIZE)');
    expect(s).toMatch(/INPUT_SIZE = 4\nHIDDEN_SIZE = 12\nOUTPUT_SIZE = 2/);
    expect(s).toContain('    seed = SEED\n');
    expect(s).toContain('SEED = 42');
    expect(s).toContain('masks are not the browser');
  });

  it('uses the same optimizer and arguments, and clips only when asked', () => {
    const base = defaultConfig('sine');
    const sgd = pytorchScript(spec({ ...base, optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 }, clipGradNorm: 1.5 }));
    expect(sgd).toContain('torch.optim.SGD(params, lr=0.1, momentum=0.9)');
    expect(sgd).toContain('CLIP_GRAD_NORM = 1.5 ');
    const adam = pytorchScript(spec({ ...base, optimizer: { name: 'adam', lr: 0.003, momentum: 0 }, clipGradNorm: 0 }));
    expect(adam).toContain('torch.optim.Adam(params, lr=0.003)');
    expect(adam).toContain('CLIP_GRAD_NORM = 0 ');
    expect(pytorchScript(spec({ ...base, optimizer: { name: 'adamw', lr: 0.01, momentum: 0 } }))).toContain('torch.optim.AdamW(params, lr=0.01)');
    expect(pytorchScript(spec({ ...base, optimizer: { name: 'rmsprop', lr: 0.01, momentum: 0.5 } }))).toContain('torch.optim.RMSprop(params, lr=0.01, momentum=0.5)');
  });

  it('packs variable-length batches and scores the task’s steps with its loss', () => {
    const config = defaultConfig('pattern');
    const s = pytorchScript(spec(config, { loss: 'cross_entropy', target: 'last_step', variableLength: true, optimizerState: true }));
    expect(s).toContain('pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)');
    expect(s).toContain('pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])');
    expect(s).toContain('F.cross_entropy(judged.reshape(-1, OUTPUT_SIZE), target.reshape(-1), ignore_index=-100, reduction="sum")');
    expect(s).toContain('judged = outputs[torch.arange(n, device=outputs.device), last]');
    expect(s).toContain('trainer.load_json("optimizer.json")');
    const fixed = pytorchScript(spec(defaultConfig('sine')));
    expect(fixed).not.toContain('pack_padded_sequence(x');
    expect(fixed).toContain('F.mse_loss(judged, target, reduction="sum")');
    expect(fixed).toContain('return target.numel()');
    expect(fixed).toContain('optimizer has not stepped yet');
  });
});

/**
 * "And back": checkpoints written by the exported script under real PyTorch open in the app at
 * their step, with their weights, optimizer state and data stream, so the app's next steps are
 * the script's next steps. Also: what the reader refuses, with a message. The round trip needs
 * `python3` with `torch` (skipped otherwise); the refusals do not.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { torch } from 'engine';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import { rebuildOn } from '../lab/run/device_move.ts';
import { bundleFiles } from './bundle.ts';
import { CHECKPOINT_FORMAT, readScriptCheckpoint } from './checkpoint_import.ts';
import { buildRun, trainLosses } from '../lab/run/test_runs.ts';
import { NO_TORCH, python, runScript, stepLosses, writeBundle } from './testing.ts';

const ATOL = 2e-4;
const RTOL = 2e-3;
const close = (a: number, b: number) => Math.abs(a - b) <= ATOL + RTOL * Math.abs(b);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const config: ExperimentConfig = (() => {
  const base = defaultConfig('echo');
  return { ...base, seed: 21, batchSize: 6, seqLen: 8, model: { ...base.model, hiddenSize: 6 }, clipGradNorm: 1 };
})();

describe.skipIf(python === undefined)(`a checkpoint from the script, opened in the app (${python ?? 'none'})`, () => {
  it('lands at its step with its weights, optimizer state and data stream: the app then trains as the script did', async () => {
    const exp = buildRun(config);
    const generatorAfterInit = torch.default_generator.get_state();
    await trainLosses(exp, 2);
    const dir = writeBundle(await bundleFiles(exp, 3));
    dirs.push(dir);
    // Exported at step 2 with 3 batches; the script goes to step 10, saving at steps 5 and 10.
    const out = runScript(dir, ['--steps', '8', '--checkpoint-every', '5', '--eval-every', '5', '--no-tensorboard']);
    const script = stepLosses(out);
    const read = readScriptCheckpoint(readFileSync(join(dir, 'run', 'checkpoint_step5.pt')));
    if (!read.ok) throw new Error(read.message);
    expect(read.config).toEqual(config);
    expect(read.checkpoint.step).toBe(5);
    // No dropout: training never draws from the torch generator, so it is where init left it, in the app's form.
    expect(read.checkpoint.generator).toEqual(generatorAfterInit);
    const opened = rebuildOn(read.config, 'cpu', read.checkpoint);
    expect(opened.step).toBe(5);
    // Steps 6..10: batches from the Python generator, the optimizer state from PyTorch's state_dict.
    const app = await trainLosses(opened, 5);
    const next = script.filter((s) => s.step > 5).map((s) => s.loss);
    expect(next).toHaveLength(5);
    next.forEach((loss, i) => expect(close(app[i]!, loss), `step ${6 + i}: app ${app[i]} script ${loss}`).toBe(true));
    const heldOut = Number(/held-out loss at step 10: (\S+)/.exec(out)?.[1]);
    expect(close((await opened.evaluate()).loss, heldOut)).toBe(true);
    // The latest checkpoint is the final step.
    const last = readScriptCheckpoint(readFileSync(join(dir, 'run', 'checkpoint.pt')));
    expect(last.ok && last.checkpoint.step).toBe(10);
  });

  it('the bundle\'s weights.pt holds the exported weights, as real PyTorch loads them', async () => {
    const exp = buildRun(config);
    await trainLosses(exp, 1);
    const files = await bundleFiles(exp, 1);
    const dir = writeBundle(files);
    dirs.push(dir);
    const code = 'import json,torch;w=torch.load("weights.pt");j=json.load(open("weights.json"));' +
      'print(all(torch.equal(w[k], torch.tensor(j[k], dtype=torch.float32)) for k in j) and sorted(w) == sorted(j))';
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync(python!, ['-c', code], { cwd: dir, encoding: 'utf8' }).trim()).toBe('True');
  });
});

if (python === undefined) {
  describe('a checkpoint from the script, opened in the app', () => {
    it.skip(NO_TORCH, () => {});
  });
}

describe('what the checkpoint reader refuses', () => {
  const exp = buildRun(config);
  const weights = Object.fromEntries(exp.model.named_parameters().map(([n, p]) => [n, p.detach().clone()]));
  const file = (over: Record<string, unknown>) =>
    torch.save({
      format: CHECKPOINT_FORMAT, version: 1, config, step: 3, model: weights, optimizer: { state: {}, param_groups: [] },
      data_rng: 7, generator: torch.default_generator.get_state(), ...over,
    });

  it('opens a well-formed file', () => {
    const r = readScriptCheckpoint(file({}));
    expect(r.ok && r.checkpoint.step).toBe(3);
  });

  it.each([
    ['bytes that are no checkpoint', new Uint8Array([1, 2, 3, 4]), 'not a PyTorch checkpoint the app can read'],
    ['a state_dict from elsewhere', torch.save(weights), 'not written by an exported experiment.py'],
    ['another version', file({ version: 9 }), 'checkpoint version 9; this app reads version 1'],
    ['an invalid config', file({ config: { ...config, batchSize: -1 } }), 'its config is not valid here (batchSize'],
    ['a weight of the wrong shape', file({ model: { ...weights, 'head.weight': torch.zeros([2, 2]) } }), 'head.weight has shape [2, 2]'],
    ['a missing weight', file({ model: { 'head.bias': weights['head.bias'] } }), 'model lacks rnn.weight_ih_l0'],
    ['a negative step', file({ step: -4 }), 'step is -4'],
    ['a data stream state out of range', file({ data_rng: 2 ** 40 }), 'data_rng is'],
  ])('%s, with a message', (_, bytes, message) => {
    const r = readScriptCheckpoint(bytes as Uint8Array);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

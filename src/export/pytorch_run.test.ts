/**
 * The exported script under real PyTorch: its per-step losses must equal the app's for the same
 * steps, within the golden training tolerance. Needs `python3` with `torch`; skipped otherwise.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRun, trainLosses } from '../lab/run/test_runs.ts';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import { bundleFiles } from './bundle.ts';
import { NO_TORCH, python, runScript, stepLosses, writeBundle } from './testing.ts';

/** The golden README's training tolerance. */
const ATOL = 2e-4;
const RTOL = 2e-3;
const STEPS = 4;

/** Exports after `warmup` app steps, runs the script, and returns its lines with the app's next losses. */
async function compare(config: ExperimentConfig, warmup: number) {
  const exp = buildRun(config);
  await trainLosses(exp, warmup);
  const files = await bundleFiles(exp, STEPS);
  const heldOut = (await exp.evaluate()).loss;
  const app = await trainLosses(exp, STEPS);
  const dir = writeBundle(files);
  try {
    const out = runScript(dir, ['--no-tensorboard']);
    const steps = stepLosses(out);
    const first = /held-out loss at step \d+: (\S+)/.exec(out);
    return { out, steps, app, heldOut, pyHeldOut: Number(first?.[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(expected));
}

const tiny = (task: Parameters<typeof defaultConfig>[0], change: (c: ExperimentConfig) => ExperimentConfig): ExperimentConfig => {
  const base = defaultConfig(task);
  return change({ ...base, seed: 3, batchSize: 8, model: { ...base.model, hiddenSize: 6 } });
};

const CASES: [string, ExperimentConfig, number][] = [
  ['sine, SGD with momentum, clipping', tiny('sine', (c) => ({ ...c, seqLen: 12, optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 }, clipGradNorm: 1 })), 3],
  ['parity, 2-layer relu, Adam (last step, cross-entropy)', tiny('parity', (c) => ({ ...c, model: { ...c.model, numLayers: 2, nonlinearity: 'relu' }, optimizer: { name: 'adam', lr: 0.01, momentum: 0 } })), 2],
  ['pattern, bidirectional, packed, RMSprop', tiny('pattern', (c) => ({ ...c, model: { ...c.model, bidirectional: true }, optimizer: { name: 'rmsprop', lr: 0.01, momentum: 0.5 } })), 2],
  ['sine, default init × 1.7 (bit-exact init)', tiny('sine', (c) => ({ ...c, seqLen: 10, model: { ...c.model, init: { scheme: 'default', gain: 1.7 } } })), 1],
  ['echo, 2-layer bidirectional, identity × 0.9 (IRNN, bit-exact init)', tiny('echo', (c) => ({ ...c, model: { ...c.model, numLayers: 2, bidirectional: true, init: { scheme: 'identity', gain: 0.9 } } })), 1],
  ['sine, orthogonal × 1.2 (init to float rounding)', tiny('sine', (c) => ({ ...c, seqLen: 10, model: { ...c.model, init: { scheme: 'orthogonal', gain: 1.2 } } })), 1],
  ['echo, AdamW from step 0 (every step, ignore_index)', tiny('echo', (c) => ({ ...c, optimizer: { name: 'adamw', lr: 0.01, momentum: 0 } })), 0],
];

describe.skipIf(python === undefined)(`the exported script under real PyTorch (${python ?? 'none'})`, () => {
  it.each(CASES)('%s: same initial weights, held-out loss and per-step losses as the app', async (_, config, warmup) => {
    const r = await compare(config, warmup);
    expect(r.out).toContain("equal the browser's: True");
    expectClose(r.pyHeldOut, r.heldOut);
    expect(r.steps.map((s) => s.step)).toEqual(Array.from({ length: STEPS }, (_, i) => warmup + i + 1));
    r.steps.forEach((s, i) => expectClose(s.loss, r.app[i]!));
  });
});

// Where PyTorch is missing, one skipped test says so in the summary (e2e/install-system-deps.sh installs it).
if (python === undefined) {
  describe('the exported script under real PyTorch', () => {
    it.skip(NO_TORCH, () => {});
  });
}

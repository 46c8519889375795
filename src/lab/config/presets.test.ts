import { describe, expect, it } from 'vitest';
import { PRESETS, presetLink, type Preset } from './presets.ts';
import { TASKS } from '../tasks/index.ts';
import { decodeLink } from './link.ts';
import { LIMITS, type ExperimentConfig } from './schema.ts';
import { spectralRadius } from '../run/spectral.ts';
import { Experiment } from '../run/experiment.ts';

/**
 * What each preset's title and summary announce, as [what, the decoded value, the announced value].
 * A preset missing here fails the test: a new preset must state what it claims.
 */
const CLAIMS: Record<string, (c: ExperimentConfig) => [string, unknown, unknown][]> = {
  'vanishing-tanh': (c) => [
    ['task', c.task, 'echo'],
    ['"tanh"', c.model.nonlinearity, 'tanh'],
    ['"over 50 steps"', c.seqLen, 50],
    ['"40 steps back"', c.knobs.delay, 40],
  ],
  'exploding-relu': (c) => [
    ['"relu"', c.model.nonlinearity, 'relu'],
    ['"orthogonal × 1.5"', c.model.init, { scheme: 'orthogonal', gain: 1.5 }],
    ['"Without clipping"', c.clipGradNorm, 0],
  ],
  'clipping-rescue': (c) => [
    ['"the same relu RNN"', c.model.nonlinearity, 'relu'],
    ['"the same ρ(W_hh) = 1.5 start"', c.model.init, { scheme: 'orthogonal', gain: 1.5 }],
    ['"max_norm=1"', c.clipGradNorm, 1],
  ],
  'reverse-bidirectional': (c) => [
    ['task', c.task, 'reverse'],
    ['"bidirectional"', c.model.bidirectional, true],
  ],
  'reverse-unidirectional': (c) => [
    ['task', c.task, 'reverse'],
    ['"one direction only"', c.model.bidirectional, false],
  ],
  'charlm-rhyme': (c) => [
    ['task', c.task, 'charlm'],
    ['"Twinkle, twinkle, little star"', c.text?.startsWith('Twinkle, twinkle, little star'), true],
  ],
  'parity-memory': (c) => [['task', c.task, 'parity']],
  'sine-hello': (c) => [
    ['task', c.task, 'sine'],
    ['"16-unit"', c.model.hiddenSize, 16],
    ['"tanh"', c.model.nonlinearity, 'tanh'],
  ],
};

/** Every numeric value a config holds, to check that each number a title states is one of them. */
function numbersIn(config: ExperimentConfig): Set<number> {
  const out = new Set<number>();
  const walk = (v: unknown) => {
    if (typeof v === 'number') out.add(v);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(config);
  return out;
}

/** The ranges the controls offer (the sliders of ModelPanel, TrainingPanel and TaskPanel). */
function outOfRange(p: Preset): string[] {
  const c = p.config;
  const task = TASKS[c.task];
  const bad: string[] = [];
  const check = (name: string, v: number, min: number, max: number) => {
    if (!(v >= min && v <= max)) bad.push(`${name} ${v} outside ${min}..${max}`);
  };
  for (const knob of task.knobs) check(knob.label, c.knobs[knob.id] ?? Number.NaN, knob.min, knob.max);
  check('sequence length', c.seqLen, task.seqLen.min, task.seqLen.max);
  check('hidden_size', c.model.hiddenSize, LIMITS.hiddenSize.min, 128);
  check('num_layers', c.model.numLayers, LIMITS.numLayers.min, LIMITS.numLayers.max);
  check('dropout', c.model.dropout, LIMITS.dropout.min, LIMITS.dropout.max);
  check('init gain', c.model.init.gain, LIMITS.initGain.min, LIMITS.initGain.max);
  // The learning-rate slider runs over 1e-4..10 in log steps, the clipping slider over 0..10.
  check('lr', c.optimizer.lr, 1e-4, 10);
  check('max_norm', c.clipGradNorm, 0, 10);
  check('momentum', c.optimizer.momentum, 0, 0.99);
  check('batch size', c.batchSize, LIMITS.batchSize.min, 128);
  return bad;
}

describe('presets', () => {
  it('are valid links that decode to themselves with no notice', () => {
    for (const p of PRESETS) {
      const { config, issues } = decodeLink(presetLink(p));
      expect(issues, p.id).toEqual([]);
      expect(config, p.id).toEqual(p.config);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s: the decoded link runs what its title and summary say', (id, p) => {
    const claims = CLAIMS[id];
    expect(claims, `${id} has no claims listed`).toBeDefined();
    const { config } = decodeLink(presetLink(p));
    for (const [what, actual, announced] of claims?.(config) ?? []) expect(actual, `${id}: ${what}`).toEqual(announced);
    const numbers = numbersIn(config);
    for (const m of p.title.matchAll(/\d+(?:\.\d+)?/g)) expect(numbers.has(Number(m[0])), `${id}: the title's ${m[0]}`).toBe(true);
    expect(outOfRange(p), id).toEqual([]);
  });

  it('build their task without complaint', () => {
    for (const p of PRESETS) {
      const task = TASKS[p.config.task];
      const built = task.build({ knobs: p.config.knobs, ...(p.config.text === undefined ? {} : { text: p.config.text }) });
      expect(built.ok, p.id).toBe(true);
      if (built.ok) expect(p.config.seqLen).toBeLessThanOrEqual(built.data.seqLenRange.max);
    }
  });

  it('the exploding pair starts with ρ(W_hh) = 1.5 and ‖dL/dh_t‖ growing back in time; clipping keeps it finite', async () => {
    const runs = ['exploding-relu', 'clipping-rescue'].map((id) => {
      const created = Experiment.create(PRESETS.find((p) => p.id === id)!.config);
      if (!created.ok) throw new Error(id);
      return created.data;
    });
    const [exploding, clipped] = runs as [Experiment, Experiment];
    const w = (await exploding.weights())['rnn.weight_hh_l0']!;
    expect(spectralRadius(w.data, w.shape[0]!)).toBeCloseTo(1.5, 2);
    const norms = (await exploding.probe(0)).layers[0]!.gradNorm;
    const growing = norms.slice(0, -1).filter((n, t) => n > norms[t + 1]!).length;
    expect(growing / (norms.length - 1)).toBeGreaterThan(0.9);
    expect(norms[0]! / norms.at(-1)!).toBeGreaterThan(1e4);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await exploding.trainStep());
    expect(outcomes.some((o) => !o.ok)).toBe(true);
    for (let i = 0; i < 20; i++) expect((await clipped.trainStep()).ok).toBe(true);
    expect((await clipped.evaluate()).loss).toBeLessThan(1);
  });

  it('have unique ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { TASKS, TASK_IDS, isTaskId } from './index.ts';
import { defaultKnobs } from './knobs.ts';
import { IGNORE_INDEX, type Batch, type TaskDefinition } from './task.ts';

/** Settings that build every task: defaults, plus a text for custom text (empty by default). */
function defaultSettings(def: TaskDefinition) {
  return { knobs: defaultKnobs(def.knobs), text: def.text?.default || 'the quick brown fox' };
}

function draw(def: TaskDefinition, seed: number, n = 5): Batch {
  const built = def.build(defaultSettings(def));
  if (!built.ok) throw new Error(built.errors.map((e) => e.message).join('\n'));
  const seqLen = Math.min(def.seqLen.default, built.data.seqLenRange.max);
  return built.data.drawBatch(n, seqLen, new Rng(seed));
}

describe.each(TASK_IDS.map((id) => [id, TASKS[id]] as const))('task %s', (id, def: TaskDefinition) => {
  it('is registered under its own id', () => {
    expect(def.id).toBe(id);
    expect(isTaskId(id)).toBe(true);
  });

  it('declares knobs and a sequence length whose defaults lie within bounds', () => {
    for (const knob of [def.seqLen, ...def.knobs]) {
      expect(knob.min).toBeLessThanOrEqual(knob.default);
      expect(knob.default).toBeLessThanOrEqual(knob.max);
      expect(knob.step).toBeGreaterThan(0);
      expect(knob.label).not.toBe('');
      expect(knob.help).not.toBe('');
    }
    expect(new Set(def.knobs.map((k) => k.id)).size).toBe(def.knobs.length);
  });

  it('describes itself in two or three sentences', () => {
    const sentences = def.description.split(/(?<=[.!?])\s+/).filter(Boolean);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
  });

  it('pairs its loss with a metric', () => {
    expect(def.metric).toBe(def.loss === 'mse' ? 'mse' : 'accuracy');
  });

  it('draws identical batches for a seed and different ones for another', () => {
    expect(draw(def, 1)).toEqual(draw(def, 1));
    expect(draw(def, 1).input).not.toEqual(draw(def, 2).input);
  });

  it('returns arrays that match their declared shapes and the target convention', () => {
    const built = def.build(defaultSettings(def));
    if (!built.ok) throw new Error('default settings must build');
    const task = built.data;
    const batch = draw(def, 3);
    const [n, seqLen, inputSize] = batch.inputShape;
    expect(inputSize).toBe(task.inputSize);
    expect(batch.input.length).toBe(n * seqLen * inputSize);
    expect(batch.target.length).toBe(batch.targetShape.reduce((a, b) => a * b, 1));
    const expected =
      def.loss === 'mse'
        ? def.target === 'every_step' ? [n, seqLen, task.outputSize] : [n, task.outputSize]
        : def.target === 'every_step' ? [n, seqLen] : [n];
    expect(batch.targetShape).toEqual(expected);
    if (def.loss === 'cross_entropy') {
      for (const v of batch.target) expect(v === IGNORE_INDEX || (Number.isInteger(v) && v >= 0 && v < task.outputSize)).toBe(true);
    }
    expect(Array.from(batch.input).every(Number.isFinite)).toBe(true);
  });

  it('has one label per class or channel', () => {
    const built = def.build(defaultSettings(def));
    if (!built.ok) throw new Error('default settings must build');
    const { input, output, inputSize, outputSize } = built.data;
    expect(input.kind === 'classes' ? input.labels.length : input.channels.length).toBe(inputSize);
    expect(output.kind === 'classes' ? output.labels.length : output.channels.length).toBe(outputSize);
    expect(output.kind === 'classes').toBe(def.loss === 'cross_entropy');
  });

  it('proposes a trainable default model', () => {
    const t = def.training;
    expect(t.hiddenSize).toBeGreaterThan(0);
    expect(t.lr).toBeGreaterThan(0);
    expect(t.steps).toBeLessThanOrEqual(1000);
  });
});

describe('registry', () => {
  it('rejects unknown ids, including inherited property names', () => {
    expect(isTaskId('nope')).toBe(false);
    expect(isTaskId('toString')).toBe(false);
  });
});

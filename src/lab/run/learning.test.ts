/**
 * Every task learns: its default model, trained from a fixed seed in Node for the task's default
 * number of steps, crosses a stated threshold on held-out data. Thresholds were picked from what
 * the model reaches (measured values in the comments), with some slack.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Experiment } from './experiment.ts';
import { defaultConfig, type ExperimentConfig } from '../config/schema.ts';
import { TASKS, type TaskId } from '../tasks/index.ts';

interface LearningCase {
  task: TaskId;
  /** Accuracy must exceed, or MSE must fall below, this value. */
  threshold: number;
  /** Optimizer steps (the task's default when omitted). */
  steps?: number;
  overrides?: Partial<ExperimentConfig>;
}

/** Measured on the CPU backend, seed 0 (held-out batch of 128) in the trailing comments. */
const CASES: LearningCase[] = [
  { task: 'sine', threshold: 0.01, steps: 500 }, // mse 0.0084
  { task: 'echo', threshold: 0.95 }, // k = 3: accuracy 1.00
  { task: 'adding', threshold: 0.05 }, // T = 10: mse 0.035 (predicting the mean scores 0.167)
  { task: 'parity', threshold: 0.95, steps: 800 }, // T = 12: accuracy 1.00 (0.92 after 400)
  { task: 'charlm', threshold: 0.9 }, // accuracy 0.971
  { task: 'reverse', threshold: 0.95 }, // bidirectional: accuracy 1.00
  { task: 'brackets', threshold: 0.03 }, // relu: mse 0.013
  { task: 'pattern', threshold: 0.95 }, // packed variable lengths: accuracy 1.00
  { task: 'custom_numbers', threshold: 0.1 }, // the example series: mse 0.060
  { task: 'custom_text', threshold: 0.9, overrides: { text: 'abcabcabd abcabcabd abcabcabd ' } }, // accuracy 0.987
];

/** What each run reached, printed at the end so thresholds can be revisited with numbers. */
const reached: Record<string, number> = {};

describe('each task learns with its default model', () => {
  afterAll(() => process.stdout.write(`learning: ${JSON.stringify(reached)}\n`));
  for (const c of CASES) {
    const config = { ...defaultConfig(c.task), ...c.overrides };
    const steps = c.steps ?? TASKS[c.task].training.steps;
    it(`${c.task}: ${steps} steps reach ${c.threshold}`, { timeout: 60_000 }, async () => {
      const built = Experiment.create(config);
      if (!built.ok) throw new Error(built.errors.map((e) => e.message).join('; '));
      const run = built.data;
      for (let s = 0; s < steps; s++) {
        const r = await run.trainStep();
        if (!r.ok) throw new Error(`step ${r.problem.step}: NaN/Inf in ${r.problem.where}`);
      }
      const { value } = await run.evaluate();
      reached[c.task] = value;
      if (run.task.metric === 'accuracy') expect(value).toBeGreaterThan(c.threshold);
      else expect(value).toBeLessThan(c.threshold);
    });
  }
});

/**
 * The Python data generator (python/playground_data.py) against the app's tasks: for every task,
 * the mean and variance of inputs and targets, the class frequencies and the mean length agree
 * between the app's batches and Python's drawn from another seed (the same distribution), and
 * from the same seed Python draws the app's very batches. Needs `python3` with `torch`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../lab/config/schema.ts';
import { Rng } from '../lab/tasks/rng.ts';
import { TASK_IDS, TASKS, type Batch, type TaskId } from '../lab/tasks/index.ts';
import { IGNORE_INDEX } from '../lab/tasks/task.ts';
import { NO_TORCH, python } from './testing.ts';
import { pythonTaskSpec, type PythonTaskSpec } from './task_spec.ts';

const BATCHES = 30;
const N = 48;
const PY_SEED = 1234;
const APP_SEED = 98765;

interface Stats {
  input: [number, number];
  target?: [number, number];
  classes?: Record<string, number>;
  length?: number;
}

function meanVar(values: ArrayLike<number>[]): [number, number] {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const arr of values) for (let i = 0; i < arr.length; i++) (n++, (sum += arr[i]!), (sq += arr[i]! * arr[i]!));
  const mean = sum / n;
  return [mean, sq / n - mean * mean];
}

function appStats(batches: Batch[], classes: boolean): Stats {
  const out: Stats = { input: meanVar(batches.map((b) => b.input)) };
  if (classes) {
    const counts = new Map<number, number>();
    let total = 0;
    for (const b of batches) for (const c of b.target) if (c !== IGNORE_INDEX) (counts.set(c, (counts.get(c) ?? 0) + 1), total++);
    out.classes = Object.fromEntries([...counts].map(([c, k]) => [String(c), k / total]));
  } else out.target = meanVar(batches.map((b) => b.target));
  if (batches[0]?.lengths !== undefined) out.length = meanVar(batches.map((b) => b.lengths!))[0];
  return out;
}

/** A text long enough for its character frequencies to be stable, and numbers with two channels. */
const CUSTOM: Partial<Record<TaskId, string>> = {
  custom_text: 'the quick brown fox jumps over the lazy dog\n'.repeat(4),
  custom_numbers: 'a, b\n' + Array.from({ length: 60 }, (_, t) => `${Math.sin(t / 3).toFixed(3)}, ${(t % 7) * 0.5}`).join('\n'),
};

const cases = TASK_IDS.map((task) => {
  const base = defaultConfig(task);
  const config = CUSTOM[task] === undefined ? base : { ...base, text: CUSTOM[task] };
  const built = TASKS[task].build({ knobs: config.knobs, ...(config.text === undefined ? {} : { text: config.text }) });
  if (!built.ok) throw new Error(`${task}: ${built.errors[0]?.message}`);
  const draw = (seed: number) => {
    const rng = new Rng(seed);
    return Array.from({ length: BATCHES }, () => built.data.drawBatch(N, config.seqLen, rng));
  };
  return { task, seqLen: config.seqLen, spec: pythonTaskSpec(config, built.data), draw, classes: TASKS[task].loss === 'cross_entropy' };
});

function pythonStats(entries: { spec: PythonTaskSpec; seed: number; seq_len: number }[]): Stats[] {
  const script = join(import.meta.dirname, 'python', 'data_stats.py');
  const input = JSON.stringify(entries.map((e) => ({ ...e, batches: BATCHES, n: N })));
  return JSON.parse(execFileSync(python ?? 'python3', [script], { input, encoding: 'utf8' })) as Stats[];
}

describe.skipIf(python === undefined)('the Python data generator against the app (every task)', () => {
  const other = python === undefined ? [] : pythonStats(cases.map((c) => ({ spec: c.spec, seed: PY_SEED, seq_len: c.seqLen })));
  const same = python === undefined ? [] : pythonStats(cases.map((c) => ({ spec: c.spec, seed: APP_SEED, seq_len: c.seqLen })));

  it.each(cases.map((c, i) => [c.task, i] as const))('%s: same mean, variance, class frequencies and lengths from another seed', (_, i) => {
    const c = cases[i]!;
    const app = appStats(c.draw(APP_SEED), c.classes);
    const py = other[i]!;
    // Four standard errors of the difference, counting each sequence as one independent draw
    // (values within a sequence are correlated), so a wrong distribution fails and chance does not.
    const rows = BATCHES * N;
    const meanTol = (v: number) => 4 * Math.sqrt((2 * v) / rows);
    const varTol = (v: number) => 4 * v * Math.sqrt(4 / rows);
    expect(Math.abs(py.input[0] - app.input[0])).toBeLessThan(meanTol(app.input[1]));
    expect(Math.abs(py.input[1] - app.input[1])).toBeLessThan(varTol(app.input[1]));
    if (app.target !== undefined) {
      expect(Math.abs(py.target![0] - app.target[0])).toBeLessThan(meanTol(app.target[1]));
      expect(Math.abs(py.target![1] - app.target[1])).toBeLessThan(varTol(app.target[1]));
    }
    if (app.classes !== undefined) {
      expect(Object.keys(py.classes!).sort()).toEqual(Object.keys(app.classes).sort());
      for (const [label, f] of Object.entries(app.classes)) expect(Math.abs(py.classes![label]! - f)).toBeLessThan(meanTol(f * (1 - f)));
    }
    if (app.length !== undefined) expect(Math.abs(py.length! - app.length)).toBeLessThan(0.5);
  });

  it.each(cases.map((c, i) => [c.task, i] as const))('%s: from the same seed, the same statistics as the app to float32 rounding', (_, i) => {
    const c = cases[i]!;
    const app = appStats(c.draw(APP_SEED), c.classes);
    const py = same[i]!;
    expect(py.input[0]).toBeCloseTo(app.input[0], 5);
    expect(py.input[1]).toBeCloseTo(app.input[1], 5);
    if (app.target !== undefined) expect(py.target![0]).toBeCloseTo(app.target[0], 5);
    if (app.classes !== undefined) expect(py.classes).toEqual(app.classes);
    if (app.length !== undefined) expect(py.length).toBe(app.length);
  });
});

if (python === undefined) {
  describe('the Python data generator against the app (every task)', () => {
    it.skip(NO_TORCH, () => {});
  });
}

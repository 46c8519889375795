/** Live settings: a schedule in the config replays exactly what changing them mid-run did. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../config/schema.ts';
import type { Experiment } from './experiment.ts';
import { rebuildOn } from './device_move.ts';
import { buildRun, trainLosses } from './test_runs.ts';

const base = defaultConfig('sine');
const small: ExperimentConfig = {
  ...base,
  seqLen: 12,
  batchSize: 8,
  model: { ...base.model, hiddenSize: 6 },
  optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
  clipGradNorm: 0,
};

/** Trains `steps`, calling `at[step]` on the run once that many steps are done. */
async function drive(run: Experiment, steps: number, at: Record<number, (run: Experiment) => void>): Promise<number[]> {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    at[s]?.(run);
    losses.push(...(await trainLosses(run, 1)));
  }
  return losses;
}

describe('Experiment: live settings', () => {
  it('lr changed at step 5 and clipping at step 8: the scheduled run equals the live one, loss for loss', async () => {
    const live = buildRun(small);
    const liveLosses = await drive(live, 14, { 5: (r) => r.changeLive({ lr: 0.01 }), 8: (r) => r.changeLive({ clipGradNorm: 0.5 }) });
    expect(live.config.schedule).toEqual([
      { step: 5, set: { lr: 0.01 } },
      { step: 8, set: { clipGradNorm: 0.5 } },
    ]);
    const scheduled = buildRun({ ...small, schedule: live.config.schedule });
    expect(await trainLosses(scheduled, 14)).toEqual(liveLosses);
    // The changes did something: the same run without them agrees up to step 6 (whose loss is
    // computed before its update, the first with the new lr) and no further.
    const plain = await trainLosses(buildRun(small), 14);
    expect(plain.slice(0, 6)).toEqual(liveLosses.slice(0, 6));
    expect(plain[6]).not.toBe(liveLosses[6]);
    // Clipping at 0.5 (from step 9's update) changes step 10's loss on against lr alone.
    const lrOnly = await trainLosses(buildRun({ ...small, schedule: [{ step: 5, set: { lr: 0.01 } }] }), 14);
    expect(lrOnly.slice(0, 9)).toEqual(liveLosses.slice(0, 9));
    expect(lrOnly[9]).not.toBe(liveLosses[9]);
  });

  it('momentum and the nonlinearity change in place too, and a schedule replays them', async () => {
    const live = buildRun(small);
    const before = live.model.parameters();
    const losses = await drive(live, 10, { 3: (r) => r.changeLive({ momentum: 0.5, nonlinearity: 'relu' }), 7: (r) => r.changeLive({ nonlinearity: 'tanh' }) });
    // Same parameter objects: nothing was rebuilt.
    expect(live.model.parameters().every((p, i) => p === before[i])).toBe(true);
    expect(live.settings.model.nonlinearity).toBe('tanh');
    expect(live.settings.optimizer.momentum).toBe(0.5);
    expect(await trainLosses(buildRun({ ...small, schedule: live.config.schedule }), 10)).toEqual(losses);
    // A new nonlinearity changes the very next forward pass: step 4's loss.
    const plain = await trainLosses(buildRun(small), 10);
    expect(plain.slice(0, 3)).toEqual(losses.slice(0, 3));
    expect(plain[3]).not.toBe(losses[3]);
  });

  it('a checkpoint restored into a fresh run of the scheduled config carries on with the settings in force', async () => {
    const config: ExperimentConfig = { ...small, schedule: [{ step: 2, set: { lr: 0.2, nonlinearity: 'relu' } }, { step: 6, set: { clipGradNorm: 1 } }] };
    const a = buildRun(config);
    await trainLosses(a, 4);
    const saved = await a.checkpoint();
    const rest = await trainLosses(a, 6);
    const b = rebuildOn(config, 'cpu', saved);
    expect(b.settings.optimizer.lr).toBe(0.2);
    expect(await trainLosses(b, 6)).toEqual(rest);
  });

  it('a change at step 0 is the start config itself, and a change drops the later ones it overrides', async () => {
    const run = buildRun(small);
    run.changeLive({ lr: 0.02 });
    expect(run.config.schedule).toBeUndefined();
    expect(run.config.optimizer.lr).toBe(0.02);
    const scheduled = buildRun({ ...small, schedule: [{ step: 3, set: { lr: 0.2 } }, { step: 9, set: { lr: 0.3 } }] });
    await trainLosses(scheduled, 5);
    scheduled.changeLive({ clipGradNorm: 2 });
    expect(scheduled.config.schedule).toEqual([{ step: 3, set: { lr: 0.2 } }, { step: 5, set: { clipGradNorm: 2 } }]);
  });
});

describe('Experiment: after a NaN', () => {
  /** sine, tanh, SGD at lr 0.6: diverges within about 30 steps. */
  const diverging: ExperimentConfig = { ...base, optimizer: { name: 'sgd', lr: 0.6, momentum: 0 } };

  /**
   * Trains until a step fails, checking the held-out loss every `every` steps as the host does
   * (`heldOut` stands in for the evaluation where a test needs every state vouched for).
   */
  async function untilProblem(run: Experiment, every: number, heldOut = async () => (await run.evaluate()).loss) {
    for (let i = 0; i < 500; i++) {
      if (run.step > 0 && run.step % every === 0) expect(run.checkHeldOut(await heldOut())).toBeNull();
      const out = await run.trainStep();
      if (!out.ok) return out.problem;
    }
    throw new Error('the run never diverged');
  }

  it('goes back to the last state the held-out check vouched for, and a lower lr from there trains on', async () => {
    const run = buildRun(diverging);
    const problem = await untilProblem(run, 10);
    expect(problem.lastGoodStep % 10).toBe(0);
    expect(problem.lastGoodStep).toBeGreaterThan(0);
    expect(run.step).toBe(problem.lastGoodStep);
    // Without a change the same NaN comes back at the same step.
    const again = buildRun(diverging);
    expect((await untilProblem(again, 10)).step).toBe(problem.step);
    expect((await untilProblem(again, 10)).step).toBe(problem.step);
    run.changeLive({ lr: 0.06 });
    expect(run.config.schedule).toEqual([{ step: problem.lastGoodStep, set: { lr: 0.06 } }]);
    const losses = await trainLosses(run, 100);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(run.step).toBe(problem.lastGoodStep + 100);
    // And the run with that schedule from the start is the same run.
    const replay = buildRun(run.config);
    await trainLosses(replay, problem.lastGoodStep);
    expect(await trainLosses(replay, 100)).toEqual(losses);
  });

  it('a step whose loss overflows condemns the state it started from: with every state vouched for, it goes back two steps', async () => {
    const run = buildRun(diverging);
    const problem = await untilProblem(run, 1, async () => 0);
    expect(problem.where).toBe('the training loss');
    expect(problem.lastGoodStep).toBe(problem.step - 2);
    expect(run.step).toBe(problem.step - 2);
  });
});

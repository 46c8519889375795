/** The host's run controls that act between steps: train exactly N steps. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent } from './protocol.ts';

function host() {
  const lab = new LabHost();
  const events: LabEvent[] = [];
  lab.listen((e) => events.push(e));
  const frames = () => events.flatMap((e) => (e.kind === 'frame' ? [e] : []));
  /** Plays (`steps` of them, or until paused) and returns a wait for the frame that says it stopped. */
  const play = (steps?: number) => {
    const from = frames().length;
    lab.play(steps);
    return () => stoppedAfter(from);
  };
  const stoppedAfter = async (from: number) => {
    for (let i = 0; i < 400; i++) {
      const last = frames().slice(from).at(-1);
      if (last !== undefined && !last.playing) return last.frame;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the host never stopped');
  };
  return { lab, events, frames, play };
}

const small = { ...defaultConfig('sine'), seqLen: 10, batchSize: 8, model: { ...defaultConfig('sine').model, hiddenSize: 4 } };

describe('LabHost: train N steps', () => {
  it('stops exactly after N steps at full speed, where a chunk holds many steps', async () => {
    const { lab, frames, play } = host();
    await lab.load(small);
    const stopped = play(137);
    const frame = await stopped();
    // More than one frame on the way: the steps ran in several chunks, not in one go.
    expect(frames().filter((f) => f.playing).length).toBeGreaterThan(1);
    expect(frame.step).toBe(137);
    expect(frame.history.at(-1)?.step).toBe(137);
    await new Promise((r) => setTimeout(r, 100));
    expect(frames().at(-1)?.frame.step).toBe(137);
  });

  it('stops exactly at a set speed too, counting from where the run is', async () => {
    const { lab, play } = host();
    await lab.load(small, 4);
    lab.setSpeed(50);
    expect((await play(3)()).step).toBe(7);
  });

  it('a later plain Play trains until paused again', async () => {
    const { lab, frames, play } = host();
    await lab.load(small);
    await play(2)();
    play();
    await new Promise((r) => setTimeout(r, 300));
    await lab.pause();
    expect(frames().at(-1)?.frame.step).toBeGreaterThan(2);
  });
});

describe('LabHost: live changes and undo', () => {
  it('a change lands between steps, is recorded at that step, and the same config replays the same losses', async () => {
    const a = host();
    await a.lab.load(small);
    for (let i = 0; i < 5; i++) await a.lab.step();
    expect(await a.lab.change({ lr: 0.001 })).toMatchObject({ step: 5, config: { schedule: [{ step: 5, set: { lr: 0.001 } }] } });
    for (let i = 0; i < 3; i++) await a.lab.step();
    const applied = await a.lab.change({ clipGradNorm: 0.5 });
    expect(applied?.config.schedule).toEqual([{ step: 5, set: { lr: 0.001 } }, { step: 8, set: { clipGradNorm: 0.5 } }]);
    for (let i = 0; i < 4; i++) await a.lab.step();
    const live = a.frames().at(-1)?.frame.history.map((p) => p.loss);
    const b = host();
    await b.lab.load(applied?.config ?? small, 12);
    expect(b.frames().at(-1)?.frame.history.map((p) => p.loss)).toEqual(live);
  });

  it('a change while playing lands at the step the run is at, between two steps', async () => {
    const { lab, play } = host();
    await lab.load(small);
    play();
    await new Promise((r) => setTimeout(r, 200));
    const applied = await lab.change({ lr: 0.002 });
    await lab.pause();
    expect(applied?.step).toBeGreaterThan(0);
    expect(applied?.config.schedule).toEqual([{ step: applied?.step, set: { lr: 0.002 } }]);
  });

  it('restorePrevious brings back the run a load replaced, curves and all, and it trains on as before', async () => {
    const a = host();
    await a.lab.load(small);
    for (let i = 0; i < 6; i++) await a.lab.step();
    const before = a.frames().at(-1)?.frame.history;
    await a.lab.load({ ...small, model: { ...small.model, hiddenSize: 5 } });
    expect(a.frames().at(-1)?.frame.step).toBe(0);
    expect(await a.lab.restorePrevious()).toMatchObject({ ok: true, step: 6 });
    expect(a.frames().at(-1)?.frame.history.map((p) => p.loss)).toEqual(before?.map((p) => p.loss));
    await a.lab.step();
    // The same as a run that never left.
    const b = host();
    await b.lab.load(small, 7);
    expect(a.frames().at(-1)?.frame.history.at(-1)?.loss).toBe(b.frames().at(-1)?.frame.history.at(-1)?.loss);
    // Only once: the restored run is the current one now.
    expect(await a.lab.restorePrevious()).toBeNull();
  });

  it('after a NaN, a lower lr continues from the last good step instead of repeating the NaN', async () => {
    const { lab, events, frames } = host();
    const diverging = { ...defaultConfig('sine'), optimizer: { name: 'sgd' as const, lr: 0.6, momentum: 0 } };
    await lab.load(diverging);
    // Step by step, each step's held-out loss checked: the training loss or the held-out loss gives out first.
    const problems = () => events.filter((e) => e.kind === 'problem');
    for (let i = 0; i < 200 && problems().length === 0; i++) await lab.step();
    const problem = problems().at(-1);
    const good = problem?.kind === 'problem' ? problem.problem.lastGoodStep : -1;
    expect(good).toBeGreaterThan(0);
    expect(frames().at(-1)?.frame.step).toBe(good);
    // The curve ends where the run is now.
    expect(frames().at(-1)?.frame.history.at(-1)?.step).toBe(good);
    expect((await lab.change({ lr: 0.06 }))?.config.schedule).toEqual([{ step: good, set: { lr: 0.06 } }]);
    for (let i = 0; i < 40; i++) expect(await lab.step()).toEqual({ step: good + i + 1 });
  });
});

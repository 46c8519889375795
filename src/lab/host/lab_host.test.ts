import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent, RunFrame } from './protocol.ts';

interface Harness {
  lab: LabHost;
  events: LabEvent[];
  last: () => RunFrame;
  /** Resolves with the first frame from now on that `accept` takes (no sleeping: the event itself). */
  nextFrame: (accept: (frame: RunFrame) => boolean) => Promise<RunFrame>;
}

function host(): Harness {
  const lab = new LabHost();
  const events: LabEvent[] = [];
  let waiters: { accept: (frame: RunFrame) => boolean; resolve: (frame: RunFrame) => void }[] = [];
  lab.listen((e) => {
    events.push(e);
    if (e.kind !== 'frame') return;
    const done = waiters.filter((w) => w.accept(e.frame));
    waiters = waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve(e.frame);
  });
  const last = () => {
    const frame = events.filter((e) => e.kind === 'frame').at(-1);
    if (frame?.kind !== 'frame') throw new Error('no frame yet');
    return frame.frame;
  };
  const nextFrame = (accept: (frame: RunFrame) => boolean) => new Promise<RunFrame>((resolve) => waiters.push({ accept, resolve }));
  return { lab, events, last, nextFrame };
}

const small = { ...defaultConfig('sine'), seqLen: 10, batchSize: 8, model: { ...defaultConfig('sine').model, hiddenSize: 4 } };

describe('LabHost', () => {
  it('loads, posts a frame at step 0 with a probe and spectral radii', async () => {
    const { lab, last } = host();
    const out = await lab.load(small);
    expect(out).toMatchObject({ ok: true, step: 0 });
    const frame = last();
    expect(frame.step).toBe(0);
    expect(frame.probe.layers[0]?.hidden).toHaveLength(10);
    expect(frame.spectral[0]?.radius.l0).toBeGreaterThan(0);
    expect(Object.keys(frame.weights)).toContain('rnn.weight_hh_l0');
  });

  it('steps exactly once, and replays a link to the same loss', async () => {
    const a = host();
    await a.lab.load(small);
    for (let i = 0; i < 5; i++) expect(await a.lab.step()).toEqual({ step: i + 1 });
    const b = host();
    await b.lab.load(small, 5);
    expect(b.last().step).toBe(5);
    expect(b.last().history.at(-1)?.loss).toBe(a.last().history.at(-1)?.loss);
  });

  it('a replayed link records held-out losses, gradient rows and spectral radii along the way, with the same losses', async () => {
    const a = host();
    await a.lab.load(small);
    for (let i = 0; i < 120; i++) await a.lab.step();
    const b = host();
    await b.lab.load(small, 120);
    const replayed = b.last();
    expect(replayed.history.map((p) => p.loss)).toEqual(a.last().history.map((p) => p.loss));
    // 120 steps, a record every 10: 11 on the way and one at the end.
    const heldOut = replayed.history.filter((p) => p.evalLoss !== undefined);
    expect(heldOut).toHaveLength(12);
    // Each the live run's held-out loss at that step (Step evaluates after every step).
    const live = new Map(a.last().history.map((p) => [p.step, p.evalLoss]));
    for (const p of heldOut) expect(p.evalLoss).toBe(live.get(p.step));
    expect(replayed.gradientHistory.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => 10 * (i + 1)));
    expect(replayed.spectral.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => 10 * (i + 1)));
  });

  it('a fresh host resumes from the restorable state the last one sent, and trains on as it would have', async () => {
    const a = host();
    await a.lab.load(small);
    for (let i = 0; i < 5; i++) await a.lab.step();
    const sent = a.events.filter((e) => e.kind === 'restorable').at(-1);
    if (sent?.kind !== 'restorable') throw new Error('no restorable state sent');
    expect(sent.run.checkpoint.step).toBe(5);
    await a.lab.step();
    const b = host();
    expect(await b.lab.resume(sent.run)).toMatchObject({ ok: true, step: 5 });
    expect(b.last().history.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(await b.lab.step()).toEqual({ step: 6 });
    expect(b.last().history.at(-1)?.loss).toBe(a.last().history.at(-1)?.loss);
  });

  it('reports task errors instead of throwing', async () => {
    const { lab } = host();
    const out = await lab.load({ ...defaultConfig('charlm'), text: 'a' });
    expect(out.ok).toBe(false);
    expect('errors' in out && out.errors.length).toBeGreaterThan(0);
  });

  it('stops at a NaN with the step and where, staying at the last good step', async () => {
    const { lab, events, last } = host();
    const config = { ...small, model: { ...small.model, nonlinearity: 'relu' as const }, optimizer: { ...small.optimizer, name: 'sgd' as const, lr: 10 } };
    const out = await lab.load(config, 200);
    expect(out.ok).toBe(false);
    // The last word wins: a step's NaN, then possibly a NaN held-out loss at the step before it.
    const problem = events.filter((e) => e.kind === 'problem').at(-1);
    expect(problem?.kind === 'problem' && problem.problem.step).toBeGreaterThan(0);
    if (problem?.kind === 'problem') expect(last().step).toBe(problem.problem.lastGoodStep);
    if (problem?.kind === 'problem') expect(problem.problem.lastGoodStep).toBeLessThan(problem.problem.step);
  });

  it('plays in chunks and pauses', async () => {
    const { lab, last, nextFrame } = host();
    await lab.load(small);
    lab.play();
    await nextFrame((f) => f.step > 3);
    await lab.pause();
    const step = last().step;
    expect(step).toBeGreaterThan(3);
    // Step waits its turn behind anything the loop still had queued: had the loop kept training
    // after Pause, the step it reports would be more than one past the paused one.
    expect(await lab.step()).toEqual({ step: step + 1 });
    expect(last().step).toBe(step + 1);
  });

  it('asked for WebGPU where there is none, runs on the CPU and says why', async () => {
    const { lab, events, last } = host();
    expect(await lab.load(small, 2, 'webgpu')).toMatchObject({ ok: true, step: 2 });
    const notice = events.find((e) => e.kind === 'device-notice');
    expect(notice?.kind === 'device-notice' && notice.message).toMatch(/^WebGPU was selected, but .*; running on the CPU$/);
    const frame = events.filter((e) => e.kind === 'frame').at(-1);
    expect(frame?.kind === 'frame' && frame.backend).toEqual({ device: 'cpu', adapter: null, parity: null, threads: 1 });
    expect(last().step).toBe(2);
  });
});

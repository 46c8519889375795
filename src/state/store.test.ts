import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../lab/config/schema.ts';
import type { LabSink } from '../lab/client/lab_port.ts';
import { fakeLabPort } from './fake_lab.ts';
import { createAppStore } from './store.ts';

function fakeLab() {
  const loads: { config: ExperimentConfig; replay: number }[] = [];
  let sink: LabSink | undefined;
  const lab = fakeLabPort({
    load: async (config, replay) => {
      loads.push({ config, replay });
      return { ok: true, step: replay, probeCount: 128 };
    },
  });
  const store = createAppStore((s) => {
    sink = s;
    return lab;
  });
  return { store, loads, sink: () => sink as LabSink };
}

describe('app store', () => {
  it('opens a link: config, replay step and named issues', async () => {
    const { store, loads } = fakeLab();
    store.getState().openLink('#task=parity&h=abc&step=12');
    await Promise.resolve();
    expect(store.getState().config.task).toBe('parity');
    expect(store.getState().linkIssues.map((i) => i.path)).toEqual(['hidden_size']);
    expect(loads.at(-1)?.replay).toBe(12);
  });

  it('asks before a replay that takes over a minute, and opens at step 0 meanwhile', async () => {
    const { store, loads } = fakeLab();
    store.getState().openLink('#task=sine&h=256&L=4&bi=1&bs=256&T=500&step=20000');
    await Promise.resolve();
    const ask = store.getState().replayAsk;
    expect(ask?.step).toBe(20000);
    expect(ask?.seconds).toBeGreaterThan(86_400);
    expect(loads.at(-1)?.replay).toBe(0);
    store.getState().answerReplay(true);
    await Promise.resolve();
    expect(store.getState().replayAsk).toBeNull();
    expect(loads.at(-1)?.replay).toBe(20000);
    // Staying at step 0 replays nothing; a cheap link never asks.
    store.getState().openLink('#task=sine&h=256&L=4&bi=1&bs=256&T=500&step=50');
    store.getState().answerReplay(false);
    await Promise.resolve();
    expect(loads.at(-1)?.replay).toBe(0);
    store.getState().openLink('#task=sine&step=50');
    await Promise.resolve();
    expect(store.getState().replayAsk).toBeNull();
    expect(loads.at(-1)?.replay).toBe(50);
  });

  it('restarts on a config change and says why', async () => {
    const { store, loads } = fakeLab();
    store.getState().openLink('');
    const c = store.getState().config;
    store.getState().setConfig({ ...c, model: { ...c.model, hiddenSize: 32 } });
    expect(store.getState().changeNote).toBe('Model changed: hidden_size 16 -> 32; training restarted');
    expect(loads.at(-1)?.config.model.hiddenSize).toBe(32);
  });

  it('pauses on a numeric problem and keeps it until dismissed', () => {
    const { store, sink } = fakeLab();
    sink().event({ kind: 'problem', problem: { step: 7, where: 'the training loss', value: NaN, lastGoodStep: 6, suggestion: 'lower lr' } });
    expect(store.getState().problem?.step).toBe(7);
    expect(store.getState().playing).toBe(false);
    // Step and Play would repeat the same step: they say why instead, until the run restarts.
    store.getState().dismissProblem();
    store.setState({ status: 'ready' });
    store.getState().play();
    expect(store.getState().playing).toBe(false);
    expect(store.getState().stuckPressed).toBe(true);
    expect(store.getState().problem?.step).toBe(7);
  });

  it('a stopped worker: Pause gives way at once, the notice names the reason, and the rebuilt run is ready', async () => {
    const { store, sink } = fakeLab();
    store.getState().openLink('#task=echo');
    await Promise.resolve();
    store.setState({ playing: true });
    sink().restarting('out of memory', 40);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().status).toBe('loading');
    expect(store.getState().workerNotice).toContain('out of memory');
    expect(store.getState().workerNotice).toContain('step 40');
    sink().restarted({ ok: true, step: 40, probeCount: 128 });
    expect(store.getState().status).toBe('ready');
    expect(store.getState().workerNotice).toMatch(/out of memory.*back at step 40/);
    expect(store.getState().config.task).toBe('echo');
  });

  it('a worker that stopped twice waits for Restart, which asks the lab to rebuild the kept run', async () => {
    let restarts = 0;
    const store = createAppStore(() => fakeLabPort({ restart: () => void restarts++ }));
    store.getState().openLink('#task=echo');
    await Promise.resolve();
    store.getState().workerFailed('it stopped answering for 4 s', 12);
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().workerNotice).toMatch(/step 12 are kept: press Restart/);
    store.getState().play();
    expect(store.getState().playing).toBe(false);
    store.getState().restartWorker();
    expect(restarts).toBe(1);
    expect(store.getState().status).toBe('loading');
  });
});

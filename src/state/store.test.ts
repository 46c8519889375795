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

  it('a crashed worker keeps the config and replays to the last step', async () => {
    const { store, sink, loads } = fakeLab();
    store.getState().openLink('#task=echo');
    await Promise.resolve();
    sink().restarted('out of memory');
    expect(store.getState().workerNotice).toContain('out of memory');
    expect(loads.at(-1)?.config.task).toBe('echo');
  });
});

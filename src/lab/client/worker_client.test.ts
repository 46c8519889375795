import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../config/schema.ts';
import type { LoadOutcome, RestorableRun } from '../host/protocol.ts';
import type { LabSink } from './lab_port.ts';
import { DEFAULT_WATCH, LabClient } from './worker_client.ts';
import type { LabCalls, WorkerHooks } from './worker_handle.ts';

/** A worker that answers at once, or (`hung`) never again, as one stuck in a step or dead without a word. */
class FakeWorker {
  hung = false;
  terminated = false;
  readonly log: { name: string; args: unknown[] }[] = [];
  readonly calls: LabCalls;

  constructor(readonly hooks: WorkerHooks) {
    const answer = <T>(name: string, args: unknown[], value: T): Promise<T> => {
      this.log.push({ name, args });
      return this.hung ? new Promise<T>(() => {}) : Promise.resolve(value);
    };
    const loaded = (step: number): LoadOutcome => ({ ok: true, step, probeCount: 8 });
    this.calls = {
      load: (...a) => answer('load', a, loaded(a[1] ?? 0)),
      resume: (...a) => answer('resume', a, loaded(a[0].checkpoint.step)),
      openCheckpoint: (...a) => answer('openCheckpoint', a, { ok: false, message: 'not in this fake' }),
      play: (...a) => answer('play', a, undefined),
      pause: (...a) => answer('pause', a, undefined),
      step: (...a) => answer('step', a, { step: 1 }),
      exportPytorch: (...a) => answer('exportPytorch', a, null),
      setDevice: (...a) => answer('setDevice', a, undefined),
      debugLoseDevice: (...a) => answer('debugLoseDevice', a, false),
      setSpeed: (...a) => answer('setSpeed', a, undefined),
      selectExample: (...a) => answer('selectExample', a, undefined),
      setTemperature: (...a) => answer('setTemperature', a, undefined),
      ping: (...a) => answer('ping', a, true as const),
      change: (...a) => answer('change', a, { config, step: 0 }),
      restorePrevious: (...a) => answer('restorePrevious', a, null),
      inspectModelFile: (...a) => answer('inspectModelFile', a, { ok: false, message: 'not in this fake' }),
      openModel: (...a) => answer('openModel', a, { ok: false, message: 'not in this fake' }),
    };
  }

  called(name: string) {
    return this.log.filter((c) => c.name === name);
  }
}

const config = defaultConfig('sine');

function restorable(step: number): RestorableRun {
  return {
    config,
    // The client only carries it to the next worker: its contents do not matter here.
    checkpoint: { step, weights: {}, optimizer: { state: {}, param_groups: [] }, generator: { seed: 0, mt: [], index: 624, nextDoubleNormal: null }, dataRng: 1 },
    history: [{ step, loss: 0.5, metric: 0.5, gradNorm: 1 }],
  };
}

function harness() {
  const workers: FakeWorker[] = [];
  const heard: string[] = [];
  const outcomes: LoadOutcome[] = [];
  const sink: LabSink = {
    event: (e) => heard.push(e.kind),
    restarting: (reason, step) => heard.push(`restarting at ${step}: ${reason}`),
    restarted: (outcome) => {
      heard.push('restarted');
      outcomes.push(outcome);
    },
    failed: (reason, step) => heard.push(`failed at ${step}: ${reason}`),
  };
  const client = new LabClient(sink, (hooks) => {
    const worker = new FakeWorker(hooks);
    workers.push(worker);
    return { calls: worker.calls, terminate: () => void (worker.terminated = true) };
  });
  const current = () => workers.at(-1) as FakeWorker;
  return { client, workers, current, heard, outcomes };
}

/** Loads a run, the worker answers and sends a restorable state at `step`. */
async function running(step: number) {
  const h = harness();
  await h.client.load(config, 0, 'cpu');
  h.current().hooks.event({ kind: 'restorable', run: restorable(step) });
  return h;
}

describe('LabClient watch over the worker', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('a worker that goes silent is replaced within a few seconds and the run resumed from its last restorable state', async () => {
    const { client, workers, current, heard, outcomes } = await running(30);
    current().hung = true;
    await vi.advanceTimersByTimeAsync(DEFAULT_WATCH.hangMs - 1000);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
    expect(heard).toContain('restarting at 30: it stopped answering for 5 s');
    const resumed = current().called('resume');
    expect(resumed).toHaveLength(1);
    expect((resumed[0]?.args[0] as RestorableRun).checkpoint.step).toBe(30);
    expect(outcomes).toEqual([{ ok: true, step: 30, probeCount: 8 }]);
    client.dispose();
  });

  it('a step the worker announced as long is not mistaken for a hang', async () => {
    const { client, workers, current } = await running(3);
    current().hooks.event({ kind: 'busy', ms: 20_000 });
    current().hung = true;
    await vi.advanceTimersByTimeAsync(19_000);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(workers).toHaveLength(2);
    client.dispose();
  });

  it('a second stop within the window starts nothing, keeps the run, and Restart resumes it', async () => {
    const { client, workers, current, heard } = await running(12);
    current().hooks.error('simulated crash');
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
    current().hooks.error('simulated crash again');
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.terminated).toBe(true);
    expect(heard.at(-1)).toBe('failed at 12: simulated crash again');
    // Nothing runs meanwhile, so nothing hangs: the heartbeat does not report it again.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(heard.at(-1)).toBe('failed at 12: simulated crash again');
    client.restart();
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(3);
    expect((current().called('resume')[0]?.args[0] as RestorableRun).checkpoint.step).toBe(12);
    expect(heard.at(-1)).toBe('restarted');
    client.dispose();
  });

  it('stops far apart each restart at once', async () => {
    const { client, workers, current } = await running(5);
    current().hooks.error('first');
    await vi.advanceTimersByTimeAsync(DEFAULT_WATCH.restartWindowMs + 1000);
    current().hooks.error('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(3);
    expect(current().called('resume')).toHaveLength(1);
    client.dispose();
  });

  it('without a restorable state yet, the fresh worker replays the config to the last step seen', async () => {
    const { client, current } = harness();
    await client.load(config, 7, 'cpu');
    current().hooks.event({ kind: 'failure', message: 'boom' });
    await vi.advanceTimersByTimeAsync(0);
    const load = current().called('load')[0];
    expect(load?.args.slice(1)).toEqual([7, 'cpu']);
    client.dispose();
  });

  it('a load does not wait behind a step that does not yield: the busy worker is replaced, silently', async () => {
    const { client, workers, current, heard } = await running(9);
    current().hung = true;
    const step = client.step();
    const started = Date.now();
    const load = client.load(config, 0, 'cpu');
    await vi.advanceTimersByTimeAsync(DEFAULT_WATCH.yieldMs);
    expect(await load).toEqual({ ok: true, step: 0, probeCount: 8 });
    expect(Date.now() - started).toBeLessThanOrEqual(DEFAULT_WATCH.yieldMs);
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
    // The call stuck on the old worker answers its fallback instead of hanging forever.
    expect(await step).toEqual({ step: 0 });
    expect(heard.filter((h) => h.startsWith('restarting') || h.startsWith('failed'))).toEqual([]);
    client.dispose();
  });

  it('inside an announced long step, a load replaces the worker without waiting at all', async () => {
    const { client, workers, current } = await running(9);
    current().hooks.event({ kind: 'busy', ms: 60_000 });
    current().hung = true;
    await client.load(config, 0, 'cpu');
    expect(workers).toHaveLength(2);
    expect(current().called('ping')).toHaveLength(0);
    client.dispose();
  });

  it('a responsive worker keeps its run through a load', async () => {
    const { client, workers } = await running(2);
    await vi.advanceTimersByTimeAsync(0);
    await client.load(config, 0, 'cpu');
    expect(workers).toHaveLength(1);
    client.dispose();
  });
});

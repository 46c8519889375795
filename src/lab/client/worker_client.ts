/**
 * The page side of the lab: the only code that talks to the training worker. It forwards events,
 * keeps what a fresh worker needs to rebuild the run (the config it was loaded from and the
 * latest restorable state the worker sent), and watches the worker:
 *
 * - a worker that throws, dies without a word, or stops answering the heartbeat for HANG_MS
 *   (beyond the time it announced for a large step) is replaced, and the run resumed on the new
 *   one from its last good state;
 * - a second stop within RESTART_WINDOW_MS starts nothing more (a worker that dies as it starts
 *   would loop): the run is kept and `restart()` tries again when the user asks;
 * - a load (Reset, a new config) or a checkpoint to open does not wait behind a step in flight:
 *   a worker that does not answer within YIELD_MS is replaced before the load.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { LiveSettings } from '../config/schedule.ts';
import type { CheckpointOutcome, DevicePreference, InspectOutcome, LabEvent, LiveChange, LoadOutcome, RestorableRun } from '../host/protocol.ts';
import type { NumericProblem } from '../run/experiment.ts';
import type { LabPort, LabSink } from './lab_port.ts';
import { startLabWorker, type LabCalls, type StartWorker, type WorkerHandle } from './worker_handle.ts';

export interface Watch {
  /** The heartbeat's period: a ping when nothing was heard for this long. */
  heartbeatMs: number;
  /** Silence this long (past any announced work) means the worker is hung or dead. */
  hangMs: number;
  /** A fresh worker may take this long to load its script and the engine before it answers. */
  startupMs: number;
  /** A load waits this long for the worker to answer before it replaces a busy one. */
  yieldMs: number;
  /** A second stop this soon after the last one waits for the user. */
  restartWindowMs: number;
}

export const DEFAULT_WATCH: Watch = { heartbeatMs: 1000, hangMs: 4000, startupMs: 15_000, yieldMs: 150, restartWindowMs: 10_000 };

/** Where the run came from, so a fresh worker can rebuild it when no restorable state came yet. */
type Source = { kind: 'config'; config: ExperimentConfig; replaySteps: number } | { kind: 'file'; bytes: Uint8Array };

const SUPERSEDED = { ok: false, superseded: true } as const;

export class LabClient implements LabPort {
  private handle: WorkerHandle | null = null;
  /** Calls in flight on the current worker: each resolves with its fallback if the worker goes. */
  private pending = new Set<() => void>();
  private source: Source | null = null;
  private device: DevicePreference = 'cpu';
  /** The latest restorable state of the current run; null until the worker sent one. */
  private saved: RestorableRun | null = null;
  /** False while a load is in flight: what arrives then may still be the previous run's. */
  private settled = false;
  private lastStep = 0;
  private lastHeard = 0;
  /** Announced work (or a start-up) may keep the worker silent until then. */
  private busyUntil = 0;
  /** The last word from the worker was a `busy`: it is inside a large step now. */
  private inLongWork = false;
  private pinging = false;
  private lastStop = -Infinity;
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly sink: LabSink,
    private readonly start: StartWorker = startLabWorker,
    private readonly watch: Watch = DEFAULT_WATCH,
  ) {
    this.startWorker();
    this.heartbeat = setInterval(() => this.beat(), watch.heartbeatMs);
  }

  async load(config: ExperimentConfig, replaySteps: number, device: DevicePreference): Promise<LoadOutcome> {
    const source: Source = { kind: 'config', config, replaySteps };
    this.begin(source, device);
    await this.preempt();
    const outcome = await this.call<LoadOutcome>((c) => c.load(config, replaySteps, device), SUPERSEDED);
    if (this.source === source) this.settled = true;
    return outcome;
  }

  async openCheckpoint(bytes: Uint8Array, device: DevicePreference): Promise<CheckpointOutcome> {
    const previous = { source: this.source, saved: this.saved, device: this.device };
    const source: Source = { kind: 'file', bytes };
    this.begin(source, device);
    await this.preempt();
    const outcome = await this.call<CheckpointOutcome>((c) => c.openCheckpoint(bytes, device), SUPERSEDED);
    if (this.source !== source) return outcome;
    // A file that could not be used leaves the run as it was: so is what rebuilds it.
    if (!outcome.ok && !('superseded' in outcome)) Object.assign(this, previous);
    this.settled = true;
    return outcome;
  }

  async change(set: LiveSettings): Promise<LiveChange | null> {
    const taken = await this.call((c) => c.change(set), null);
    // A fresh worker rebuilds the run from its source: it must carry the schedule too.
    if (taken !== null && this.source?.kind === 'config') this.source = { ...this.source, config: taken.config };
    return taken;
  }

  restorePrevious(device: DevicePreference): Promise<LoadOutcome | null> {
    return this.call<LoadOutcome | null>((c) => c.restorePrevious(device), null);
  }

  play(steps?: number): void {
    void this.call((c) => c.play(steps), undefined);
  }

  pause(): void {
    void this.call((c) => c.pause(), undefined);
  }

  step(): Promise<{ step: number } | { problem: NumericProblem }> {
    return this.call<{ step: number } | { problem: NumericProblem }>((c) => c.step(), { step: this.lastStep });
  }

  setSpeed(stepsPerSecond: number): void {
    void this.call((c) => c.setSpeed(stepsPerSecond), undefined);
  }

  setTemperature(temperature: number, regenerate = false): void {
    void this.call((c) => c.setTemperature(temperature, regenerate), undefined);
  }

  selectExample(index: number): void {
    void this.call((c) => c.selectExample(index), undefined);
  }

  setDevice(device: DevicePreference): Promise<void> {
    this.device = device;
    return this.call((c) => c.setDevice(device), undefined);
  }

  exportPytorch(): Promise<Uint8Array | null> {
    return this.call((c) => c.exportPytorch(), null);
  }

  /** After `failed`: a fresh worker rebuilds the kept run; the sink hears `restarted`. */
  restart(): void {
    if (this.handle !== null) return;
    this.startWorker();
    void this.recover();
  }

  inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome> {
    return this.call<InspectOutcome>((c) => c.inspectModelFile(bytes, fileName), { ok: false, message: 'The worker restarted while reading the file; open it again.' });
  }

  openModel(index: number, nonlinearity: 'tanh' | 'relu', device: DevicePreference): Promise<CheckpointOutcome> {
    return this.call<CheckpointOutcome>((c) => c.openModel(index, nonlinearity, device), { ok: false, superseded: true });
  }

  /** Test hook only (see src/test_hook.ts): destroys the worker's GPU device. */
  debugLoseDevice(): Promise<boolean> {
    return this.call((c) => c.debugLoseDevice(), false);
  }

  /** Stops the heartbeat and the worker (tests; the page lives as long as its client). */
  dispose(): void {
    clearInterval(this.heartbeat);
    this.dropWorker();
  }

  private begin(source: Source, device: DevicePreference): void {
    this.source = source;
    this.device = device;
    this.saved = null;
    this.settled = false;
    this.lastStep = 0;
  }

  /** Before a load: no worker (the user left a failed one), or one that does not answer in time, is replaced. */
  private async preempt(): Promise<void> {
    if (this.handle === null) this.startWorker();
    else if (this.inLongWork || !(await this.answersWithin(this.watch.yieldMs))) this.replaceWorker();
  }

  private answersWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.call((c) => c.ping(), false).then((answered) => {
        clearTimeout(timer);
        resolve(answered);
      });
    });
  }

  private startWorker(): void {
    const handle: WorkerHandle = this.start({
      event: (event) => {
        if (handle === this.handle) this.receive(event);
      },
      error: (message) => {
        if (handle === this.handle) this.stopped(message);
      },
    });
    this.handle = handle;
    this.lastHeard = Date.now();
    this.busyUntil = this.lastHeard + this.watch.startupMs;
    this.inLongWork = false;
    this.pinging = false;
  }

  /** Terminates the worker; every call still waiting on it resolves with its fallback. */
  private dropWorker(): void {
    this.handle?.terminate();
    this.handle = null;
    const waiting = [...this.pending];
    this.pending.clear();
    for (const settle of waiting) settle();
  }

  /** A busy worker gives way to a load: not a crash, so nothing is said and nothing counted. */
  private replaceWorker(): void {
    this.dropWorker();
    this.startWorker();
  }

  /** Any word from the worker: it is alive, and whatever it announced (or its start-up) is over. */
  private heard(): void {
    this.lastHeard = Date.now();
    this.busyUntil = 0;
    this.inLongWork = false;
  }

  private receive(event: LabEvent): void {
    this.heard();
    if (event.kind === 'busy') {
      this.busyUntil = this.lastHeard + event.ms;
      this.inLongWork = true;
    } else if (event.kind === 'restorable') {
      if (this.settled) this.saved = event.run;
    } else if (event.kind === 'failure') this.stopped(event.message);
    else {
      if (event.kind === 'frame' && this.settled) this.lastStep = event.frame.step;
      this.sink.event(event);
    }
  }

  private beat(): void {
    if (this.handle === null) return;
    const t = Date.now();
    const silent = t - this.lastHeard;
    if (silent > this.watch.hangMs && t > this.busyUntil) {
      this.stopped(`it stopped answering for ${Math.round(silent / 1000)} s`);
      return;
    }
    if (this.pinging || silent < this.watch.heartbeatMs) return;
    this.pinging = true;
    const handle = this.handle;
    void this.call((c) => c.ping(), false).then(() => {
      if (handle === this.handle) this.pinging = false;
    });
  }

  /** The worker crashed, died or hung: replace it and resume the run, unless it stopped just before. */
  private stopped(reason: string): void {
    this.dropWorker();
    const t = Date.now();
    const again = t - this.lastStop < this.watch.restartWindowMs;
    this.lastStop = t;
    if (again || this.source === null) {
      this.sink.failed(reason, this.keptStep());
      return;
    }
    this.sink.restarting(reason, this.keptStep());
    this.startWorker();
    void this.recover();
  }

  /** The step a rebuild resumes at. */
  private keptStep(): number {
    if (this.saved !== null) return this.saved.checkpoint.step;
    return this.source?.kind === 'config' ? Math.max(this.source.replaySteps, this.lastStep) : 0;
  }

  /** Rebuilds the run on the current worker: from its restorable state, else from where it came from. */
  private async recover(): Promise<void> {
    const saved = this.saved;
    const source = this.source;
    const device = this.device;
    let outcome: LoadOutcome = SUPERSEDED;
    if (saved !== null) outcome = await this.call<LoadOutcome>((c) => c.resume(saved, device), SUPERSEDED);
    else if (source?.kind === 'config') {
      const steps = this.keptStep();
      outcome = await this.call<LoadOutcome>((c) => c.load(source.config, steps, device), SUPERSEDED);
    } else if (source?.kind === 'file') {
      const opened = await this.call<CheckpointOutcome>((c) => c.openCheckpoint(source.bytes, device), SUPERSEDED);
      if (opened.ok) outcome = { ok: true, step: opened.step, probeCount: opened.probeCount };
      else if (!('superseded' in opened)) outcome = { ok: false, errors: [{ message: opened.message }] };
    }
    // A newer load (Reset, a new config) won meanwhile: it answers for itself.
    if (this.source !== source) return;
    this.settled = true;
    this.sink.restarted(outcome);
  }

  /** A call whose promise rejects means the worker is broken: it is replaced and the call answers `fallback`. */
  private call<T>(fn: (calls: LabCalls) => Promise<T>, fallback: T): Promise<T> {
    const handle = this.handle;
    if (handle === null) return Promise.resolve(fallback);
    return new Promise<T>((resolve) => {
      const settle = () => resolve(fallback);
      this.pending.add(settle);
      fn(handle.calls).then(
        (value) => {
          this.pending.delete(settle);
          if (handle === this.handle) this.heard();
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(settle);
          if (handle === this.handle) this.stopped(error instanceof Error ? error.message : String(error));
          resolve(fallback);
        },
      );
    });
  }
}

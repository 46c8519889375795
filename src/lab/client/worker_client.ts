/**
 * The page side of the lab: the only code that talks to the training worker. It starts the
 * worker (a module worker, so the build works from any sub-path), forwards events, and restarts
 * the worker when it dies or throws, telling the caller so the run can be rebuilt from the config.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { ExperimentConfig } from '../config/schema.ts';
import type { CheckpointOutcome, DevicePreference, InspectOutcome, LabApi, LabEvent, LoadOutcome } from '../host/protocol.ts';
import type { NumericProblem } from '../run/experiment.ts';
import type { LabPort, LabSink } from './lab_port.ts';

/** More restarts than this within RESTART_WINDOW_MS means the worker cannot run here: stop trying. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 10_000;

export class LabClient implements LabPort {
  private worker!: Worker;
  private remote!: Remote<LabApi>;
  private restarts: number[] = [];
  private gaveUp = false;

  constructor(private readonly sink: LabSink) {
    this.start();
  }

  load(config: ExperimentConfig, replaySteps: number, device: DevicePreference): Promise<LoadOutcome> {
    return this.call<LoadOutcome>((r) => r.load(config, replaySteps, device), { ok: false, superseded: true });
  }


  play(): void {
    void this.call((r) => r.play(), undefined);
  }

  pause(): void {
    void this.call((r) => r.pause(), undefined);
  }

  step(): Promise<{ step: number } | { problem: NumericProblem }> {
    return this.call<{ step: number } | { problem: NumericProblem }>((r) => r.step(), { step: 0 });
  }

  setSpeed(stepsPerSecond: number): void {
    void this.call((r) => r.setSpeed(stepsPerSecond), undefined);
  }

  setTemperature(temperature: number, regenerate = false): void {
    void this.call((r) => r.setTemperature(temperature, regenerate), undefined);
  }

  selectExample(index: number): void {
    void this.call((r) => r.selectExample(index), undefined);
  }

  setDevice(device: DevicePreference): Promise<void> {
    return this.call((r) => r.setDevice(device), undefined);
  }

  exportPytorch(): Promise<Uint8Array | null> {
    return this.call((r) => r.exportPytorch(), null);
  }

  openCheckpoint(bytes: Uint8Array, device: DevicePreference): Promise<CheckpointOutcome> {
    return this.call<CheckpointOutcome>((r) => r.openCheckpoint(bytes, device), { ok: false, superseded: true });
  }

  inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome> {
    return this.call<InspectOutcome>((r) => r.inspectModelFile(bytes, fileName), { ok: false, message: 'The worker restarted while reading the file; open it again.' });
  }

  openModel(index: number, nonlinearity: 'tanh' | 'relu', device: DevicePreference): Promise<CheckpointOutcome> {
    return this.call<CheckpointOutcome>((r) => r.openModel(index, nonlinearity, device), { ok: false, superseded: true });
  }

  /** Test hook only (see src/test_hook.ts): destroys the worker's GPU device. */
  debugLoseDevice(): Promise<boolean> {
    return this.call((r) => r.debugLoseDevice(), false);
  }

  private start(): void {
    this.worker = new Worker(new URL('../host/worker.ts', import.meta.url), { type: 'module', name: 'rnn-lab' });
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.restart(e.message || 'the worker stopped');
    });
    this.remote = wrap<LabApi>(this.worker);
    void this.remote.listen(
      proxy((event: LabEvent) => {
        if (event.kind === 'failure') this.restart(event.message);
        else this.sink.event(event);
      }),
    );
  }

  private restart(reason: string): void {
    this.worker.terminate();
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.restarts.length > MAX_RESTARTS) {
      // A worker that fails as soon as it starts (a script that cannot load) would loop forever.
      this.gaveUp = true;
      this.sink.failed(`${reason} (${this.restarts.length} failures in a row)`);
      return;
    }
    this.start();
    this.sink.restarted(reason);
  }

  /** A call whose promise rejects means the worker is broken: restart it and resolve `fallback`. */
  private async call<T>(fn: (remote: Remote<LabApi>) => Promise<T> | T, fallback: T): Promise<T> {
    if (this.gaveUp) return fallback;
    const worker = this.worker;
    try {
      return await fn(this.remote);
    } catch (error) {
      if (worker === this.worker) this.restart(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }
}

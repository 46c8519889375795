/**
 * The page's view of the lab: what the store may ask (`LabPort`) and what it hears back
 * (`LabSink`). The worker client implements it, a fake does in tests; the store imports only this.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { LiveSettings } from '../config/schedule.ts';
import type { CheckpointOutcome, DevicePreference, InspectOutcome, LabEvent, LiveChange, LoadOutcome } from '../host/protocol.ts';
import type { NumericProblem } from '../run/experiment.ts';

/** What the store needs from the lab; a fake implements it in tests. */
export interface LabPort {
  load(config: ExperimentConfig, replaySteps: number, device: DevicePreference): Promise<LoadOutcome>;
  /** Live settings from the next step on, recorded in the run's schedule (see LabApi.change). */
  change(set: LiveSettings): Promise<LiveChange | null>;
  /** The run the last load replaced, back (see LabApi.restorePrevious); null when none is kept. */
  restorePrevious(device: DevicePreference): Promise<LoadOutcome | null>;
  /** Trains until paused, or exactly `steps` more steps. */
  play(steps?: number): void;
  pause(): void;
  step(): Promise<{ step: number } | { problem: NumericProblem }>;
  setSpeed(stepsPerSecond: number): void;
  selectExample(index: number): void;
  /** Softmax temperature of the text the model writes (text tasks); `regenerate` writes a new text. */
  setTemperature(temperature: number, regenerate?: boolean): void;
  /** Moves the run to the device `device` gets (its state and history kept). */
  setDevice(device: DevicePreference): Promise<void>;
  /** The run as a PyTorch bundle (zip bytes); null when no run is built. */
  exportPytorch(): Promise<Uint8Array | null>;
  /** Restores the run from a checkpoint the exported script wrote. */
  openCheckpoint(bytes: Uint8Array, device: DevicePreference): Promise<CheckpointOutcome>;
  /** After `failed`: starts a fresh worker that rebuilds the kept run (the sink hears `restarted`). */
  restart(): void;
  /** Reads a model file in the worker and lists its models (the run is untouched). */
  inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome>;
  /** Opens model `index` of the file read last, with the chosen nonlinearity. */
  openModel(index: number, nonlinearity: 'tanh' | 'relu', device: DevicePreference): Promise<CheckpointOutcome>;
}

export interface LabSink {
  event(event: LabEvent): void;
  /** The worker stopped (crashed, died, or stopped answering): a fresh one is rebuilding the run at `step`. */
  restarting(reason: string, step: number): void;
  /** The rebuilt run, answered as a load is (superseded when a newer load won meanwhile). */
  restarted(outcome: LoadOutcome): void;
  /**
   * The worker stopped again soon after the last stop, so no new one was started; the config and
   * the run at `step` are kept for `restart()`.
   */
  failed(reason: string, step: number): void;
}

/**
 * The page's view of the lab: what the store may ask (`LabPort`) and what it hears back
 * (`LabSink`). The worker client implements it, a fake does in tests; the store imports only this.
 */
import type { ExperimentConfig } from '../config/schema.ts';
import type { CheckpointOutcome, DevicePreference, InspectOutcome, LabEvent, LoadOutcome } from '../host/protocol.ts';
import type { NumericProblem } from '../run/experiment.ts';

/** What the store needs from the lab; a fake implements it in tests. */
export interface LabPort {
  load(config: ExperimentConfig, replaySteps: number, device: DevicePreference): Promise<LoadOutcome>;
  play(): void;
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
  /** Reads a model file in the worker and lists its models (the run is untouched). */
  inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome>;
  /** Opens model `index` of the file read last, with the chosen nonlinearity. */
  openModel(index: number, nonlinearity: 'tanh' | 'relu', device: DevicePreference): Promise<CheckpointOutcome>;
}

export interface LabSink {
  event(event: LabEvent): void;
  /** The worker died and a fresh one is running; rebuild the run on it. */
  restarted(reason: string): void;
  /** The worker keeps dying as soon as it starts; no new one was started. */
  failed(reason: string): void;
}

/**
 * The contract between the training worker (`lab_host.ts`) and the page: what the page may ask
 * (`LabApi`), what the worker answers (`LoadOutcome`) and what it sends unasked (`LabEvent`, above
 * all `RunFrame`s). Plain data only (typed arrays, numbers, names), never tensors. The store, the
 * worker client and the views import the host side through this file alone.
 */
import type { torch } from 'engine';
import type { LiveSettings } from '../config/schedule.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { NumericProblem, ProbeResult, RunCheckpoint, RunDevice } from '../run/experiment.ts';
import type { PlainArray } from '../run/plain.ts';
import type { TaskIssue } from '../tasks/index.ts';

export type DevicePreference = torch.backends.DevicePreference;

/** One point of the training curves. */
export interface TrainingPoint {
  step: number;
  loss: number;
  metric: number;
  /** Total gradient norm before clipping. */
  gradNorm: number;
  /** Held-out loss and metric, when evaluated at this step. */
  evalLoss?: number;
  evalMetric?: number;
}

/** ||dL/dh_t|| per timestep for each layer and direction of the probed example, at one training step. */
export interface GradientHistoryRow {
  step: number;
  /** Keyed by `layerKey(layer, direction)`; each array has one norm per timestep. */
  norms: Record<string, number[]>;
}

/** Spectral radius (largest |eigenvalue|) of each W_hh at one training step. */
export interface SpectralPoint {
  step: number;
  /** Keyed by `layerKey(layer, direction)`. */
  radius: Record<string, number>;
}

/**
 * Everything the views show about the run at its current step: one frame of the picture, sent a
 * few times a second while training. (Not restorable: that is a `RunCheckpoint`.)
 */
export interface RunFrame {
  step: number;
  /** Training curve points, oldest first (the worker may thin very long runs). */
  history: TrainingPoint[];
  gradientHistory: GradientHistoryRow[];
  spectral: SpectralPoint[];
  /** Parameters by PyTorch name (weight_ih_l0, ..., head.weight). */
  weights: Record<string, PlainArray>;
  /** Latest gradient norm per parameter. */
  paramGradNorms: Record<string, number>;
  /** The selected held-out example, step by step. */
  probe: ProbeResult;
  /** What the model writes on its own from the text's first character (text tasks only). */
  generatedText?: string;
}

/** Where the run trains, for the backend readout. */
export interface BackendStatus {
  device: RunDevice;
  /** The adapter in words on WebGPU ("google swiftshader ..."), else null. */
  adapter: string | null;
  /**
   * Largest |CPU - GPU| difference of the outputs on the held-out batch at the last detail
   * refresh (`Experiment.parity`); null on the CPU or before the first refresh.
   */
  parity: number | null;
  /** CPU threads the engine runs on (torch.get_num_threads): several in a cross-origin-isolated page. */
  threads: number;
}

export type LabEvent =
  /**
   * `detail` changes whenever the probe, weights, spectral radii or gradient history were
   * refreshed; between refreshes the page can keep its copies (and skip redrawing those views).
   */
  | { kind: 'frame'; frame: RunFrame; detail: number; playing: boolean; stepsPerSecond: number; backend: BackendStatus }
  /**
   * The run is not on the device asked for (one line for a notice); `lost`: it had to leave the
   * GPU and now runs on the CPU.
   */
  | { kind: 'device-notice'; message: string; lost: boolean }
  | { kind: 'problem'; problem: NumericProblem }
  | { kind: 'replay'; done: number; total: number }
  /** Something threw inside the worker: the page restarts it. */
  | { kind: 'failure'; message: string }
  /**
   * The worker starts work that may keep it from answering for about `ms` (one large step): the
   * page's heartbeat waits that long before it calls the worker hung.
   */
  | { kind: 'busy'; ms: number }
  /** The run's latest restorable state, sent every few seconds: what a restarted worker resumes from. */
  | { kind: 'restorable'; run: RestorableRun };

/** A run as a fresh worker can rebuild it: its config, its last good checkpoint and its curve so far. */
export interface RestorableRun {
  config: ExperimentConfig;
  checkpoint: RunCheckpoint;
  /** Training points up to the checkpoint's step. */
  history: TrainingPoint[];
}

export type LoadOutcome =
  | { ok: true; step: number; probeCount: number }
  | { ok: false; errors: TaskIssue[] }
  /** Stopped early: a replayed step hit NaN/Inf (the run sits at the last good step). */
  | { ok: false; problem: NumericProblem; step: number; probeCount: number }
  /** A newer load superseded this one. */
  | { ok: false; superseded: true };

/** A live change as the run took it: its config with the change in its schedule, and the step it was made at. */
export interface LiveChange {
  config: ExperimentConfig;
  step: number;
}

/** Opening a checkpoint: the run it restored, or why the file could not be used (the current run is kept). */
export type CheckpointOutcome =
  | { ok: true; config: ExperimentConfig; step: number; probeCount: number }
  | { ok: false; message: string }
  | { ok: false; superseded: true };

/** One model a file holds, as the open-a-model dialog lists it. */
export interface ModelChoice {
  /** "nn.RNN(4, 16, num_layers=3) at encoder.rnn, Linear(16 → 4) at readout" */
  summary: string;
  /** Why the app cannot open it (an LSTM, too large, ...), or null. */
  problem: string | null;
  /** What opening it does: the task it runs on and why, what becomes of its head; null when it cannot open. */
  plan: string | null;
}

/**
 * A model file read by the worker (kept there until a model of it is opened or another file is
 * read): the models it holds, or why it cannot be used. `checkpoint`: it is a checkpoint the
 * exported experiment.py wrote, which `openCheckpoint` opens at its step.
 */
export type InspectOutcome =
  | { ok: true; kind: 'checkpoint' }
  | {
      ok: true;
      kind: 'models';
      fileName: string;
      choices: ModelChoice[];
      /** Groups of recurrent keys whose shapes do not fit, in sentences. */
      misfits: string[];
      /** Where converting the file's tensors to float32 changed values. */
      notes: string[];
    }
  | { ok: false; message: string };

/** What the worker exposes to the page (through comlink); `LabHost` implements it. */
export interface LabApi {
  /** Where events go (a comlink proxy in the worker, a plain function in tests). */
  listen(emit: (event: LabEvent) => void): void;
  /**
   * Builds a fresh run from `config`, replays `replaySteps` training steps (a shared link's) on the
   * CPU, then moves it to the device `preference` gets.
   */
  load(config: ExperimentConfig, replaySteps?: number, preference?: DevicePreference): Promise<LoadOutcome>;
  /**
   * Changes live settings (lr, momentum, clipping, nonlinearity) from the next step on, without
   * a new run: recorded in the config's schedule at the step the run is at when it lands (between
   * two steps). Null when no run is built.
   */
  change(set: LiveSettings): Promise<LiveChange | null>;
  /**
   * Brings back the run the last load replaced (config, weights, optimizer state, data stream
   * and curves), on the device `preference` gets: the undo of a change that started a new run.
   * Null when that run had no progress or is gone (the worker restarted).
   */
  restorePrevious(preference?: DevicePreference): Promise<LoadOutcome | null>;
  /** Trains until paused, or exactly `steps` more steps when given (then stops by itself). */
  play(steps?: number): void;
  /** Stops training; resolves once the final frame is sent. */
  pause(): Promise<void>;
  /** Exactly one optimizer step (pausing first); the new step, or the problem that stopped it. */
  step(): Promise<{ step: number } | { problem: NumericProblem }>;
  /**
   * The run as a PyTorch bundle (zip bytes: script, weights, optimizer state, the next batches),
   * taken between steps; null when no run is built.
   */
  exportPytorch(): Promise<Uint8Array | null>;
  /**
   * Replaces the run with one restored from a checkpoint the exported script wrote (its config,
   * step, weights, optimizer state and data stream), on the device `preference` gets.
   */
  openCheckpoint(bytes: Uint8Array, preference?: DevicePreference): Promise<CheckpointOutcome>;
  /** Reads a model file (.pt, .pth, .safetensors) and lists the models it holds; the run is untouched. */
  inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome>;
  /**
   * Replaces the run with model `index` of the file `inspectModelFile` read last, at step 0 with
   * the file's weights and the nonlinearity the user chose, on the device `preference` gets.
   */
  openModel(index: number, nonlinearity: 'tanh' | 'relu', preference?: DevicePreference): Promise<CheckpointOutcome>;
  /** Moves the run (weights, optimizer state, history) to the device `preference` gets. */
  setDevice(preference: DevicePreference): Promise<void>;
  /**
   * Rebuilds a run a previous worker saved (see the `restorable` event) on the device `preference`
   * gets: how the page recovers from a worker that died.
   */
  resume(run: RestorableRun, preference?: DevicePreference): Promise<LoadOutcome>;
  /** Answers at once when the worker is between chunks of work: the page's heartbeat. */
  ping(): true;
  /** Test hook (`?test` pages only): destroys the GPU device under the run, as a driver reset would. */
  debugLoseDevice(): boolean;
  /** Target steps per second; 0 or less trains flat out. */
  setSpeed(stepsPerSecond: number): void;
  /** Which held-out example the step-through views show. */
  selectExample(index: number): void;
  /**
   * Temperature of the generated text (low is cautious and repetitive, high adventurous);
   * `regenerate` also writes a different text from the same model.
   */
  setTemperature(temperature: number, regenerate?: boolean): void;
}

/**
 * The shape every toy task shares. A task is plain data plus pure functions over typed arrays:
 * no React, no DOM, no engine, so it runs in the worker, in tests and in the page alike.
 *
 * A {@link TaskDefinition} is static (title, knobs, loss). `build(settings)` validates the user's
 * settings once (a text to learn, pasted numbers) and returns a {@link TaskInstance}, whose
 * `drawBatch` then draws batches cheaply. Validation never throws: it returns {@link TaskResult}.
 */
import type { Rng } from './rng.ts';
import type { Decoder } from './decode.ts';
import type { KnobSpec } from './knobs.ts';
import type { CharVocab } from './vocab.ts';

/** Loss the runner applies: `mse_loss` on values, or `cross_entropy` on logits vs class indices. */
export type LossKind = 'mse' | 'cross_entropy';

/** What the UI reports as the score: mean squared error, or the fraction of classes right. */
export type MetricKind = 'mse' | 'accuracy';

/**
 * Where the answer is read: at every timestep (output `[N, T, ·]`), or once per sequence at its
 * last valid step (output `[N, ·]`; with `lengths`, step `lengths[i] - 1` of sequence `i`).
 */
export type TargetKind = 'every_step' | 'last_step';

/** `cross_entropy` targets at this value do not count (padding, echo warm-up), as in PyTorch. */
export const IGNORE_INDEX = -100;

/**
 * One batch, batch-first, as flat row-major arrays with their shapes.
 *
 * `target` depends on the task's loss and target kind:
 * - mse, every_step: values `[N, T, outputSize]`
 * - mse, last_step: values `[N, outputSize]` (never `[N]`: `mse_loss` would broadcast it)
 * - cross_entropy, every_step: class indices as floats `[N, T]`, {@link IGNORE_INDEX} to skip
 * - cross_entropy, last_step: class indices as floats `[N]`
 */
export interface Batch {
  /** `[N, T, inputSize]`; steps past a sequence's length are zeros. */
  readonly input: Float32Array;
  readonly inputShape: readonly [number, number, number];
  readonly target: Float32Array;
  readonly targetShape: readonly number[];
  /** Valid length of each sequence, for variable-length tasks (for `pack_padded_sequence`; not sorted). */
  readonly lengths?: readonly number[];
}

/** A problem with the user's settings, located where that helps (1-based, as editors count). */
export interface TaskIssue {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Success with a value, or every problem found, never an exception. */
export type TaskResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly errors: readonly TaskIssue[] };

/**
 * The user-chosen part of a task's config. `text` is kept raw as typed, so an invalid paste is
 * never lost: the UI shows the errors beside it and the user fixes it in place.
 */
export interface TaskSettings {
  /** Knob values by knob id; a missing or non-finite one takes its default, others are clamped. */
  readonly knobs: Readonly<Record<string, number>>;
  /** The task's free-text parameter (text to learn, pasted data); ignored by tasks without one. */
  readonly text?: string;
}

/** How a task's free-text parameter is presented and bounded. */
export interface TextParamSpec {
  readonly label: string;
  readonly default: string;
  readonly maxLength: number;
  readonly help: string;
}

/** The model and optimiser a task is meant to learn with in a few hundred steps on a laptop CPU. */
export interface TrainingDefaults {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly bidirectional: boolean;
  readonly optimizer: 'sgd' | 'adam' | 'rmsprop';
  readonly lr: number;
  readonly batchSize: number;
  readonly steps: number;
  /** Max gradient norm for `clip_grad_norm_`; absent means no clipping. */
  readonly clipGradNorm?: number;
}

/** A task built from validated settings: sizes, decoders, and the batch sampler. */
export interface TaskInstance {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Sequence lengths this data supports, inclusive (e.g. echo needs `T > k`). */
  readonly seqLenRange: { readonly min: number; readonly max: number };
  /** How to show one step of input (a one-hot symbol, or values). */
  readonly input: Decoder;
  /** How to show one step of output or target (a class label, or values in the data's units). */
  readonly output: Decoder;
  /** Text tasks only: the characters behind the class ids, to encode prompts and decode generated text. */
  readonly vocab?: CharVocab;
  /**
   * Draws `n` sequences of `seqLen` steps. Deterministic: the same rng state and settings give
   * the same batch. Throws a RangeError when `seqLen` is outside {@link seqLenRange}.
   */
  drawBatch(n: number, seqLen: number, rng: Rng): Batch;
}

/** A toy task: what the UI lists, what the schema validates, and how to build the data. */
export interface TaskDefinition {
  readonly id: string;
  readonly title: string;
  /** Two or three plain sentences: the input, the target, and what it shows about RNNs. */
  readonly description: string;
  readonly loss: LossKind;
  readonly metric: MetricKind;
  readonly target: TargetKind;
  /** The sequence length slider: bounds, default and what length means for this task. */
  readonly seqLen: KnobSpec<'seqLen'>;
  /** Numeric knobs (drive both the zod schema and the sliders). */
  readonly knobs: readonly KnobSpec[];
  /** Present when the task takes a free text (charlm, custom data). */
  readonly text?: TextParamSpec;
  /** The config this task is meant to learn with; the default the UI proposes. */
  readonly training: TrainingDefaults;
  /** Validates settings and prepares the sampler; never throws. */
  build(settings: TaskSettings): TaskResult<TaskInstance>;
}

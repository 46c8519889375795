/**
 * Every config field, described once: its key in a link, where it lives in the config, the
 * PyTorch argument it sets, its label, help text and limits. This table drives the zod schema
 * (`schema.ts`), the link codec (`link.ts`), the change summary (`diff.ts`) and the panels, so a
 * slider's range is always what a link may ask for, the way task knobs already work (`knobs.ts`).
 *
 * `live` fields may change in the middle of a run without changing the model's shape; a link
 * records such changes as a schedule (`schedule.ts`) and a replay applies them at the same step.
 */
import { z } from 'zod';
import { shorten, type IssueList } from './issues.ts';

// zod 4 compiles object parsers with `new Function` unless told not to; the page ships under a
// Content-Security-Policy without 'unsafe-eval', so it must never try (one violation per load).
z.config({ jitless: true });

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const NONLINEARITIES = ['tanh', 'relu'] as const;

/**
 * How weight_hh_l* starts (every layer and direction): PyTorch's default uniform(-1/sqrt(H), 1/sqrt(H)),
 * the identity (the IRNN of Le et al. 2015) or a random orthogonal matrix, each then times `gain`.
 * The default with gain 1 is exactly PyTorch's nn.RNN; the other weights always keep PyTorch's default.
 */
export const INIT_SCHEMES = ['default', 'identity', 'orthogonal'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

interface FieldBase {
  /** The key in a link's hash (`h=16`). */
  readonly key: string;
  /** Dotted path in the config. */
  readonly path: string;
  /** The PyTorch argument (or call) it sets, shown beside the label and in notices. */
  readonly arg: string;
  /** What the panel calls it. */
  readonly label: string;
  /** One sentence on what it does. */
  readonly help: string;
  /** May change mid-run from the next step (no new model needed). */
  readonly live?: boolean;
}

/** A bounded number; `step` and `scale` shape its slider, whose ends are `min` and `max`. */
export interface NumberField extends FieldBase {
  readonly kind: 'int' | 'number';
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** A log slider moves in powers of ten (its `step` is in log10 units). */
  readonly scale?: 'log';
  /** A value that means "off" (clip 0), shown as such. */
  readonly off?: number;
}

export interface BoolField extends FieldBase {
  readonly kind: 'bool';
}

export interface ChoiceField<T extends string = string> extends FieldBase {
  readonly kind: 'choice';
  readonly options: readonly T[];
  /** How each option reads in a menu. */
  readonly names: Readonly<Record<T, string>>;
}

export type FieldSpec = NumberField | BoolField | ChoiceField;

const number = (f: Omit<NumberField, 'kind'>): NumberField => ({ kind: 'number', ...f });
const int = (f: Omit<NumberField, 'kind' | 'step'> & { step?: number }): NumberField => ({ kind: 'int', step: 1, ...f });

export const CONFIG_FIELDS = {
  hiddenSize: int({ key: 'h', path: 'model.hiddenSize', arg: 'hidden_size', label: 'Hidden size', help: 'Units in each hidden state h_t.', min: 1, max: 256 }),
  numLayers: int({ key: 'L', path: 'model.numLayers', arg: 'num_layers', label: 'Layers', help: 'Stacked RNN layers; each layer reads the hidden states of the one below.', min: 1, max: 4 }),
  nonlinearity: {
    kind: 'choice',
    key: 'act',
    path: 'model.nonlinearity',
    arg: 'nonlinearity',
    label: 'Nonlinearity',
    help: 'tanh squashes to (-1, 1); relu is unbounded and can explode.',
    options: NONLINEARITIES,
    names: { tanh: 'tanh', relu: 'relu' },
    live: true,
  } satisfies ChoiceField<(typeof NONLINEARITIES)[number]>,
  bias: { kind: 'bool', key: 'bias', path: 'model.bias', arg: 'bias', label: 'Bias', help: 'Adds b_ih and b_hh to every step.' } satisfies BoolField,
  bidirectional: {
    kind: 'bool',
    key: 'bi',
    path: 'model.bidirectional',
    arg: 'bidirectional',
    label: 'Bidirectional',
    help: 'A second RNN reads the sequence backwards; outputs see the past and the future.',
  } satisfies BoolField,
  dropout: number({ key: 'drop', path: 'model.dropout', arg: 'dropout', label: 'Dropout', help: 'Dropout on the outputs of every layer but the last (needs num_layers > 1).', min: 0, max: 0.9, step: 0.05 }),
  initScheme: {
    kind: 'choice',
    key: 'init',
    path: 'model.init.scheme',
    arg: 'nn.init',
    label: 'W_hh init',
    help: 'How weight_hh starts in every layer and direction, before it is multiplied by the gain.',
    options: INIT_SCHEMES,
    names: { default: "PyTorch's default (uniform ±1/√hidden_size)", identity: 'identity (IRNN)', orthogonal: 'orthogonal' },
  } satisfies ChoiceField<InitScheme>,
  initGain: number({
    key: 'gain',
    path: 'model.init.gain',
    arg: 'weight_hh.mul_(gain)',
    label: '× gain',
    help: 'Multiplies the initial W_hh: its spectral radius ρ scales with it. ρ above 1 makes gradients grow step after step back in time; below 1, shrink. 1 keeps the scheme as it is.',
    min: 0,
    max: 4,
    step: 0.05,
  }),
  optimizer: {
    kind: 'choice',
    key: 'opt',
    path: 'optimizer.name',
    arg: 'torch.optim',
    label: 'Optimizer',
    help: 'The update rule applied after each backward pass.',
    options: OPTIMIZERS,
    names: { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop' },
  } satisfies ChoiceField<OptimizerName>,
  lr: number({ key: 'lr', path: 'optimizer.lr', arg: 'lr', label: 'Learning rate', help: 'Step size of each update (log scale).', min: 1e-5, max: 10, step: 0.05, scale: 'log', live: true }),
  momentum: number({ key: 'mom', path: 'optimizer.momentum', arg: 'momentum', label: 'Momentum', help: 'Fraction of the previous update carried into the next (SGD and RMSprop).', min: 0, max: 0.99, step: 0.01, live: true }),
  batchSize: int({ key: 'bs', path: 'batchSize', arg: 'batch_size', label: 'Batch size', help: 'Sequences per optimizer step (the N of input [N, T, features]).', min: 1, max: 256 }),
  seqLen: int({ key: 'T', path: 'seqLen', arg: 'T (seq_len)', label: 'Sequence length', help: 'Steps per sequence; each task narrows this range to what its data supports.', min: 1, max: 500 }),
  clipGradNorm: number({
    key: 'clip',
    path: 'clipGradNorm',
    arg: 'clip_grad_norm_(max_norm)',
    label: 'Gradient clipping',
    help: 'Rescales the whole gradient when its norm exceeds max_norm; 0 turns clipping off.',
    min: 0,
    max: 10,
    step: 0.1,
    off: 0,
    live: true,
  }),
  seed: int({ key: 'seed', path: 'seed', arg: 'torch.manual_seed', label: 'Seed', help: 'Same seed, same initial weights, same batches, same losses.', min: 0, max: 2 ** 31 - 1 }),
} as const;

export type FieldName = keyof typeof CONFIG_FIELDS;

/** The fields in the order links list them. */
export const FIELD_LIST: readonly (readonly [FieldName, FieldSpec])[] = Object.entries(CONFIG_FIELDS) as [FieldName, FieldSpec][];

/** The fields that may change mid-run, by name. */
export const LIVE_FIELDS = FIELD_LIST.filter(([, f]) => f.live === true).map(([name]) => name);

/** The zod schema of one number field: its kind and its limits. */
export function numberSchema(f: NumberField) {
  const base = z.number().min(f.min).max(f.max);
  return f.kind === 'int' ? base.int() : base;
}

/** "1..256", "0.00001..10": a field's range as notices print it. */
export function rangeText(f: { min: number; max: number }): string {
  return `${f.min}..${f.max}`;
}

/** Reads a dotted path of a plain object (own properties only). */
export function readPath(target: unknown, path: string): unknown {
  let node: unknown = target;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Writes a dotted path, creating plain objects on the way. Paths come from this table only. */
export function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** A field's value checked against its row: kept, clamped or rounded (with an issue), or refused. */
export type Checked = { ok: true; value: unknown } | { ok: false };

/**
 * Checks one value against its field: numbers outside the range are clamped and whole-number
 * fields rounded, each with an issue naming the range; values of the wrong kind are refused.
 */
export function checkField(f: FieldSpec, value: unknown, issues: IssueList, path: string = f.arg): Checked {
  if (f.kind === 'bool') {
    if (typeof value === 'boolean') return { ok: true, value };
    issues.add(path, `${shorten(value)} is not on or off (1 or 0); using the default`);
    return { ok: false };
  }
  if (f.kind === 'choice') {
    if (typeof value === 'string' && f.options.includes(value)) return { ok: true, value };
    issues.add(path, `${shorten(value)} is not one of ${f.options.join(', ')}; using the default`);
    return { ok: false };
  }
  return checkNumber(f, value, issues, path);
}

/** A numeric range as `checkNumber` reads it: a field's row, or a task knob's declaration. */
export interface NumberRange {
  readonly kind: 'int' | 'number';
  readonly min: number;
  readonly max: number;
}

/** Checks a number against its range: clamped, then rounded for whole-number ranges, each with an issue naming the range. */
export function checkNumber(f: NumberRange, value: unknown, issues: IssueList, path: string): Checked {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.add(path, `${shorten(value)} is not a number; using the default`);
    return { ok: false };
  }
  const clamped = Math.min(f.max, Math.max(f.min, value));
  const out = f.kind === 'int' ? Math.round(clamped) : clamped;
  if (clamped !== value) issues.add(path, `${shorten(value)} is outside ${rangeText(f)}; using ${out}`);
  else if (out !== value) issues.add(path, `${shorten(value)} is not a whole number; using ${out}`);
  return { ok: true, value: out };
}

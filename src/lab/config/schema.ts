/**
 * The experiment config: one zod schema for the runner, the app's store and the URL, built from
 * the field table (`fields.ts`). Every field has a default, so a partial or outdated config fills
 * in rather than fails; `parseConfig` says which fields it replaced or clamped and why.
 */
import { z } from 'zod';
import { TASK_IDS, TASKS, type TaskId } from '../tasks/index.ts';
import { checkField, checkNumber, CONFIG_FIELDS as F, FIELD_LIST, INIT_SCHEMES, NONLINEARITIES, numberSchema, OPTIMIZERS, readPath, writePath } from './fields.ts';
import { IssueList, shortKey, shorten, type ConfigIssue } from './issues.ts';
import { checkSchedule, type ScheduledChange } from './schedule.ts';

export { INIT_SCHEMES, OPTIMIZERS, type InitScheme, type OptimizerName } from './fields.ts';
export type { ConfigIssue } from './issues.ts';

// No generated parsers (zod's JIT calls Function, which the build's Content-Security-Policy forbids); before any z.object.
z.config({ jitless: true });

export const CONFIG_VERSION = 1;

/** The longest free text any config holds (a task's own limit is usually lower). */
const MAX_TEXT = 200_000;

export const ExperimentConfigSchema = z.object({
  /** Schema version, for migrating old links. */
  v: z.literal(CONFIG_VERSION),
  task: z.enum(TASK_IDS),
  /** Task knob values by id, each within its declared range. */
  knobs: z.record(z.string(), z.number()),
  /** The task's free text (char LM text, pasted CSV), kept raw as typed. */
  text: z.string().max(MAX_TEXT).optional(),
  seqLen: numberSchema(F.seqLen),
  model: z.object({
    hiddenSize: numberSchema(F.hiddenSize),
    numLayers: numberSchema(F.numLayers),
    nonlinearity: z.enum(NONLINEARITIES),
    bias: z.boolean(),
    bidirectional: z.boolean(),
    dropout: numberSchema(F.dropout),
    /** The recurrent weights' initialisation (see INIT_SCHEMES). */
    init: z.object({ scheme: z.enum(INIT_SCHEMES), gain: numberSchema(F.initGain) }),
  }),
  optimizer: z.object({
    name: z.enum(OPTIMIZERS),
    lr: numberSchema(F.lr),
    /** SGD and RMSprop momentum; Adam's beta1 stays PyTorch's default. */
    momentum: numberSchema(F.momentum),
  }),
  batchSize: numberSchema(F.batchSize),
  /** Max gradient norm for clip_grad_norm_; 0 means no clipping. */
  clipGradNorm: numberSchema(F.clipGradNorm),
  seed: numberSchema(F.seed),
});

/** The config a run starts from, and (when set) the changes made along the way. */
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema> & {
  /** Live changes by step, oldest first (see `schedule.ts`); absent when there are none. */
  schedule?: ScheduledChange[];
};

/** PyTorch's own initialisation: what a config without an init field means. */
export const DEFAULT_INIT: ExperimentConfig['model']['init'] = { scheme: 'default', gain: 1 };

/** The config a task proposes: its training defaults, default knobs and sequence length. */
export function defaultConfig(task: TaskId = 'sine'): ExperimentConfig {
  const def = TASKS[task];
  const t = def.training;
  return {
    v: CONFIG_VERSION,
    task,
    knobs: Object.fromEntries(def.knobs.map((k) => [k.id, k.default])),
    ...(def.text ? { text: def.text.default } : {}),
    seqLen: def.seqLen.default,
    model: { hiddenSize: t.hiddenSize, numLayers: t.numLayers, nonlinearity: t.nonlinearity, bias: true, bidirectional: t.bidirectional, dropout: 0, init: { ...DEFAULT_INIT } },
    optimizer: { name: t.optimizer, lr: t.lr, momentum: 0 },
    batchSize: t.batchSize,
    clipGradNorm: t.clipGradNorm ?? 0,
    seed: 0,
  };
}

/**
 * Validates any value as a config, field by field: what is valid is kept, numbers out of range
 * are clamped to it, anything else is replaced by the task's default, and each is reported. Only
 * own properties are read, so prototype names (`__proto__`, `constructor`) are plain unknown names.
 * Never throws.
 */
export function parseConfig(value: unknown, issues: IssueList = new IssueList()): { config: ExperimentConfig; issues: ConfigIssue[]; omitted: number } {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const own = (key: string) => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  const taskValue = own('task') ?? 'sine';
  const task: TaskId = typeof taskValue === 'string' && Object.hasOwn(TASKS, taskValue) ? (taskValue as TaskId) : 'sine';
  if (task !== taskValue) issues.add('task', `unknown task ${shorten(taskValue)}; using "sine"`);
  const version = own('v');
  if (version !== undefined && version !== CONFIG_VERSION) {
    issues.add('link version', `${shorten(version)} is not ${CONFIG_VERSION}; fields were read as version ${CONFIG_VERSION}`);
  }
  const def = TASKS[task];
  const config = defaultConfig(task);
  const out = config as unknown as Record<string, unknown>;
  for (const [name, field] of FIELD_LIST) {
    const given = readPath(raw, field.path);
    if (given === undefined) continue;
    // Sequence length is bounded by the task (echo needs T > k): its own range, its own words.
    const spec = name === 'seqLen' ? { ...field, min: def.seqLen.min, max: def.seqLen.max } : field;
    const checked = checkField(spec, given, issues);
    if (checked.ok) writePath(out, field.path, checked.value);
  }
  config.knobs = readKnobValues(task, own('knobs'), issues);
  const text = own('text');
  if (text !== undefined) {
    const limit = def.text?.maxLength ?? 0;
    if (def.text === undefined) issues.add('text', `this task takes no text; ignored ${shorten(text)}`);
    else if (typeof text !== 'string') issues.add('text', `${shorten(text)} is not text; using the default text`);
    else if (text.length > limit) issues.add('text', `${text.length.toLocaleString('en-US')} characters is more than this task's ${limit.toLocaleString('en-US')}; using the default text`);
    else config.text = text;
  }
  const schedule = checkSchedule(own('schedule'), issues);
  if (schedule.length > 0) config.schedule = schedule;
  return { config, issues: issues.list, omitted: issues.omitted };
}

/** The task's own knobs: defaults first, each given value checked against its declaration. */
function readKnobValues(task: TaskId, given: unknown, issues: IssueList): Record<string, number> {
  const specs = TASKS[task].knobs;
  const knobs: Record<string, number> = Object.fromEntries(specs.map((k) => [k.id, k.default]));
  if (typeof given !== 'object' || given === null) return knobs;
  const entries = given instanceof Map ? [...(given as Map<string, unknown>)] : Object.entries(given);
  for (const [id, value] of entries) {
    const spec = specs.find((k) => k.id === id);
    const path = `k.${id}`;
    if (spec === undefined) {
      issues.add(path, `this task has no knob "${shortKey(id)}"; ignored`);
      continue;
    }
    // A knob with a whole-number step takes whole numbers (readKnob rounds them the same way).
    const checked = checkNumber({ kind: Number.isInteger(spec.step) ? 'int' : 'number', min: spec.min, max: spec.max }, value, issues, path);
    if (checked.ok) knobs[spec.id] = checked.value as number;
  }
  return knobs;
}

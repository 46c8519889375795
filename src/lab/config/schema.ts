/**
 * The experiment config: one zod schema for the runner, the app's store and the URL. Every field
 * has a default, so a partial or outdated config fills in rather than fails; `parseConfig` says
 * which fields it replaced and why.
 */
import { z } from 'zod';
import { TASK_IDS, TASKS, type TaskId } from '../tasks/index.ts';

// No generated parsers (zod's JIT calls Function, which the build's Content-Security-Policy forbids); before any z.object.
z.config({ jitless: true });

export const CONFIG_VERSION = 1;

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * How weight_hh_l* starts (every layer and direction): PyTorch's default uniform(-1/sqrt(H), 1/sqrt(H)),
 * the identity (the IRNN of Le et al. 2015) or a random orthogonal matrix, each then times `gain`.
 * The default with gain 1 is exactly PyTorch's nn.RNN; the other weights always keep PyTorch's default.
 */
export const INIT_SCHEMES = ['default', 'identity', 'orthogonal'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export const LIMITS = {
  initGain: { min: 0, max: 4 },
  hiddenSize: { min: 1, max: 256 },
  numLayers: { min: 1, max: 4 },
  dropout: { min: 0, max: 0.9 },
  lr: { min: 1e-5, max: 10 },
  momentum: { min: 0, max: 0.999 },
  batchSize: { min: 1, max: 256 },
  clipGradNorm: { min: 0, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

const int = (l: { min: number; max: number }) => z.number().int().min(l.min).max(l.max);
const num = (l: { min: number; max: number }) => z.number().min(l.min).max(l.max);

export const ExperimentConfigSchema = z.object({
  /** Schema version, for migrating old links. */
  v: z.literal(CONFIG_VERSION),
  task: z.enum(TASK_IDS),
  /** Task knob values by id; unknown ids are dropped, bad values clamped by the task. */
  knobs: z.record(z.string(), z.number()),
  /** The task's free text (char LM text, pasted CSV), kept raw as typed. */
  text: z.string().max(200_000).optional(),
  seqLen: z.number().int().min(1).max(500),
  model: z.object({
    hiddenSize: int(LIMITS.hiddenSize),
    numLayers: int(LIMITS.numLayers),
    nonlinearity: z.enum(['tanh', 'relu']),
    bias: z.boolean(),
    bidirectional: z.boolean(),
    dropout: num(LIMITS.dropout),
    /** The recurrent weights' initialisation (see INIT_SCHEMES). */
    init: z.object({ scheme: z.enum(INIT_SCHEMES), gain: num(LIMITS.initGain) }),
  }),
  optimizer: z.object({
    name: z.enum(OPTIMIZERS),
    lr: num(LIMITS.lr),
    /** SGD and RMSprop momentum; Adam's beta1 stays PyTorch's default. */
    momentum: num(LIMITS.momentum),
  }),
  batchSize: int(LIMITS.batchSize),
  /** Max gradient norm for clip_grad_norm_; 0 means no clipping. */
  clipGradNorm: num(LIMITS.clipGradNorm),
  seed: int(LIMITS.seed),
});

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;

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

/** A field that could not be used, and why; shown to the user in a notice. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * Validates any value as a config, field by field: what is valid is kept, what is not is
 * replaced by the task's default and reported. Never throws.
 */
export function parseConfig(value: unknown): { config: ExperimentConfig; issues: ConfigIssue[] } {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  const taskResult = ExperimentConfigSchema.shape.task.safeParse(raw.task ?? 'sine');
  if (!taskResult.success) issues.push({ path: 'task', message: `unknown task ${JSON.stringify(raw.task)}; using "sine"` });
  const task = taskResult.success ? taskResult.data : 'sine';
  const base = defaultConfig(task);
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(ExperimentConfigSchema.shape) as (keyof ExperimentConfig)[]) {
    if (key === 'task' || key === 'v' || !(key in raw)) continue;
    merged[key] = mergeField(ExperimentConfigSchema.shape[key], base[key], raw[key], key, issues);
  }
  if ('v' in raw && raw.v !== CONFIG_VERSION) {
    issues.push({ path: 'v', message: `link version ${JSON.stringify(raw.v)} is not ${CONFIG_VERSION}; fields were read as version ${CONFIG_VERSION}` });
  }
  const config = merged as ExperimentConfig;
  const def = TASKS[config.task];
  if (config.seqLen < def.seqLen.min || config.seqLen > def.seqLen.max) {
    issues.push({ path: 'seqLen', message: `${config.seqLen} is outside ${def.seqLen.min}..${def.seqLen.max} for this task; using ${def.seqLen.default}` });
    config.seqLen = def.seqLen.default;
  }
  return { config, issues };
}

/**
 * One field's value: valid values are kept, invalid ones replaced by `fallback` and reported; an
 * object field (model, optimizer, model.init) is merged field by field, so one bad or missing
 * entry keeps the rest.
 */
function mergeField(schema: z.ZodType, fallback: unknown, value: unknown, path: string, issues: ConfigIssue[]): unknown {
  if (schema instanceof z.ZodObject && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const given = value as Record<string, unknown>;
    const out: Record<string, unknown> = { ...(fallback as Record<string, unknown>) };
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (name in given) out[name] = mergeField(field, out[name], given[name], `${path}.${name}`, issues);
    }
    return out;
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  issues.push({ path, message: describe(r.error, value) });
  return fallback;
}

function describe(error: z.ZodError, value: unknown): string {
  const first = error.issues[0];
  return `${JSON.stringify(value)} is not allowed: ${first?.message ?? 'invalid value'}; using the default`;
}

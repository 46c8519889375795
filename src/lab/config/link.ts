/**
 * The experiment in the URL hash: `#v=1&task=sine&h=16&L=1&act=tanh&...&step=120`.
 *
 * One declarative table ({@link FIELDS}) drives both directions: each row names its short key,
 * where it lives in the config, its PyTorch argument name (for notices) and how its text reads.
 * Decoding never throws: a value that does not read is named in an issue and left out, and
 * `parseConfig` then fills every missing or invalid field with the task's default and says so.
 * Long free text is deflated (fflate) and base64url-encoded so links stay shareable.
 */
import { strFromU8, strToU8, unzlibSync, zlibSync } from 'fflate';
import { parseConfig, type ConfigIssue, type ExperimentConfig } from './schema.ts';
import { defaultKnobs, TASKS } from '../tasks/index.ts';

type Kind = 'int' | 'number' | 'bool' | 'string';

interface Field {
  /** The key in the hash. */
  key: string;
  /** Dotted path in the config. */
  path: string;
  /** What the user knows it as (the torch.nn.RNN / optimizer argument where there is one). */
  label: string;
  kind: Kind;
}

/** Every config field but knobs and text, in the order links list them. */
export const FIELDS: readonly Field[] = [
  { key: 'v', path: 'v', label: 'link version', kind: 'int' },
  { key: 'task', path: 'task', label: 'task', kind: 'string' },
  { key: 'h', path: 'model.hiddenSize', label: 'hidden_size', kind: 'int' },
  { key: 'L', path: 'model.numLayers', label: 'num_layers', kind: 'int' },
  { key: 'act', path: 'model.nonlinearity', label: 'nonlinearity', kind: 'string' },
  { key: 'bias', path: 'model.bias', label: 'bias', kind: 'bool' },
  { key: 'bi', path: 'model.bidirectional', label: 'bidirectional', kind: 'bool' },
  { key: 'drop', path: 'model.dropout', label: 'dropout', kind: 'number' },
  { key: 'init', path: 'model.init.scheme', label: 'weight_hh init', kind: 'string' },
  { key: 'gain', path: 'model.init.gain', label: 'weight_hh init gain', kind: 'number' },
  { key: 'opt', path: 'optimizer.name', label: 'optimizer', kind: 'string' },
  { key: 'lr', path: 'optimizer.lr', label: 'lr', kind: 'number' },
  { key: 'mom', path: 'optimizer.momentum', label: 'momentum', kind: 'number' },
  { key: 'bs', path: 'batchSize', label: 'batch size', kind: 'int' },
  { key: 'T', path: 'seqLen', label: 'sequence length', kind: 'int' },
  { key: 'clip', path: 'clipGradNorm', label: 'max_norm (gradient clipping)', kind: 'number' },
  { key: 'seed', path: 'seed', label: 'seed (torch.manual_seed)', kind: 'int' },
];

/** Task knobs travel as `k.<knobId>=value`. */
const KNOB_PREFIX = 'k.';
/** Short text travels readable as `text=`; longer text deflated as `tz=`. */
const TEXT_KEY = 'text';
const ZIPPED_TEXT_KEY = 'tz';
const ZIP_ABOVE = 80;
const STEP_KEY = 'step';
/** Replaying more steps than this on load would keep a visitor waiting too long. */
export const MAX_REPLAY_STEPS = 20_000;

export interface DecodedLink {
  config: ExperimentConfig;
  /** Training steps the link was shared at; the page replays them. */
  step: number;
  /** Everything that could not be used, for the notice; empty for a clean or empty link. */
  issues: ConfigIssue[];
}

/** The hash (without `#`) for a config at a training step. */
export function encodeLink(config: ExperimentConfig, step = 0): string {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = read(config, field.path);
    if (value === undefined) continue;
    params.set(field.key, field.kind === 'bool' ? (value ? '1' : '0') : String(value));
  }
  for (const [id, value] of Object.entries(config.knobs)) params.set(KNOB_PREFIX + id, String(value));
  if (config.text !== undefined) {
    if (config.text.length > ZIP_ABOVE) params.set(ZIPPED_TEXT_KEY, zipText(config.text));
    else params.set(TEXT_KEY, config.text);
  }
  if (step > 0) params.set(STEP_KEY, String(step));
  return params.toString();
}

/** Reads any hash (with or without `#`), never throwing; an empty hash is the default config. */
export function decodeLink(hash: string): DecodedLink {
  const issues: ConfigIssue[] = [];
  const params = safeParams(hash.replace(/^#/, ''));
  const raw: Record<string, unknown> = {};
  const knobs: Record<string, number> = {};
  let step = 0;
  for (const [key, text] of params) {
    const field = FIELDS.find((f) => f.key === key);
    if (field) {
      const value = readText(field.kind, text);
      if (value === undefined) issues.push({ path: field.label, message: `${JSON.stringify(text)} is not ${describeKind(field.kind)}; using the default` });
      else write(raw, field.path, value);
    } else if (key.startsWith(KNOB_PREFIX)) {
      const value = readText('number', text);
      if (typeof value === 'number') knobs[key.slice(KNOB_PREFIX.length)] = value;
      else issues.push({ path: key, message: `${JSON.stringify(text)} is not a number; using the default` });
    } else if (key === TEXT_KEY) {
      raw.text = text;
    } else if (key === ZIPPED_TEXT_KEY) {
      const unzipped = unzipText(text);
      if (unzipped === undefined) issues.push({ path: 'text', message: 'the compressed text is damaged; using the default text' });
      else raw.text = unzipped;
    } else if (key === STEP_KEY) {
      const value = readText('int', text);
      if (typeof value === 'number' && value >= 0) step = Math.min(value, MAX_REPLAY_STEPS);
      else issues.push({ path: 'step', message: `${JSON.stringify(text)} is not a step count; starting at step 0` });
      if (typeof value === 'number' && value > MAX_REPLAY_STEPS) issues.push({ path: 'step', message: `${value} steps is too many to replay; replaying ${MAX_REPLAY_STEPS}` });
    } else {
      issues.push({ path: key, message: 'unknown field, ignored' });
    }
  }
  if (Object.keys(knobs).length > 0) raw.knobs = knobs;
  const parsed = parseConfig(migrate(raw));
  // Keep only the task's own knobs, defaults first: unknown ones would ride along in every link.
  const own = defaultKnobs(TASKS[parsed.config.task].knobs);
  for (const [id, value] of Object.entries(knobs)) {
    if (id in own) own[id] = value;
    else issues.push({ path: KNOB_PREFIX + id, message: `this task has no knob "${id}"; ignored` });
  }
  parsed.config.knobs = own;
  for (const issue of parsed.issues) issues.push({ path: labelOf(issue.path), message: issue.message });
  return { config: parsed.config, step, issues };
}

/**
 * Brings an older link's fields up to the current `CONFIG_VERSION` (schema.ts). Version 1 is the first, so there is
 * nothing to rename yet; a future `CONFIG_VERSION` bump adds its step here, keyed by the version it upgrades.
 */
function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  return raw;
}

function labelOf(path: string): string {
  return FIELDS.find((f) => f.path === path)?.label ?? path;
}

function safeParams(hash: string): URLSearchParams {
  try {
    return new URLSearchParams(hash);
  } catch {
    return new URLSearchParams();
  }
}

function readText(kind: Kind, text: string): number | boolean | string | undefined {
  if (kind === 'string') return text;
  if (kind === 'bool') return text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined;
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  if (kind === 'int' && !Number.isInteger(n)) return undefined;
  // -0 would print as "0" and so not survive a round trip.
  return n === 0 ? 0 : n;
}

function describeKind(kind: Kind): string {
  return kind === 'int' ? 'a whole number' : kind === 'number' ? 'a number' : kind === 'bool' ? '0 or 1' : 'text';
}

function read(config: ExperimentConfig, path: string): unknown {
  let node: unknown = config;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function zipText(text: string): string {
  const bytes = zlibSync(strToU8(text), { level: 9 });
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unzipText(encoded: string): string | undefined {
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    return strFromU8(unzlibSync(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}

/**
 * The experiment in the URL hash: `#v=1&task=sine&h=16&L=1&act=tanh&...&step=120`.
 *
 * The field table (`fields.ts`) drives both directions: each row names its short key and its
 * kind. Task knobs travel as `k.<id>=value`, live changes as `at.<step>.<key>=value` (see
 * `schedule.ts`), long free text deflated (fflate) and base64url-encoded as `tz=`.
 *
 * A link is a stranger's input. Decoding never throws, for any text up to the browser's URL
 * limit: compressed text is inflated in slices with a size cap checked on the way (a zip bomb
 * stops at the cap), every value is checked against its field (`parseConfig`), only own names
 * are read (`__proto__` is just an unknown key), and the notice lists at most MAX_ISSUES problems,
 * each quoting a short piece of the bad value, then counts the rest.
 */
import { strFromU8, strToU8, Unzlib, zlibSync } from 'fflate';
import { CONFIG_FIELDS, FIELD_LIST, writePath, type FieldSpec } from './fields.ts';
import { IssueList, shorten, shortKey, type ConfigIssue } from './issues.ts';
import { MAX_REPLAY_STEPS } from './schedule.ts';
import { parseConfig, type ExperimentConfig } from './schema.ts';

export { MAX_REPLAY_STEPS } from './schedule.ts';

const VERSION_KEY = 'v';
const TASK_KEY = 'task';
/** Task knobs travel as `k.<knobId>=value`. */
const KNOB_PREFIX = 'k.';
/** Live changes travel as `at.<step>.<field key>=value`. */
const CHANGE_PREFIX = 'at.';
/** Short text travels readable as `text=`; longer text deflated as `tz=`. */
const TEXT_KEY = 'text';
const ZIPPED_TEXT_KEY = 'tz';
const ZIP_ABOVE = 80;
const STEP_KEY = 'step';
/**
 * Inflated text is cut off past this many bytes: the longest text a task takes (200,000
 * characters) at up to 4 bytes each in UTF-8.
 */
export const MAX_INFLATED_BYTES = 800_000;
/**
 * Compressed input is inflated this many bytes at a time. Deflate expands at most about 1,032
 * times, so one slice yields at most about 0.5 MB before the cap is checked again.
 */
const INFLATE_SLICE = 512;

export interface DecodedLink {
  config: ExperimentConfig;
  /** Training steps the link was shared at (at most MAX_REPLAY_STEPS); the page replays them. */
  step: number;
  /** What could not be used as given, for the notice: at most MAX_ISSUES; empty for a clean link. */
  issues: ConfigIssue[];
  /** Problems past the listed ones ("and N more"). */
  omitted: number;
}

/** The hash (without `#`) for a config at a training step. */
export function encodeLink(config: ExperimentConfig, step = 0): string {
  const params = new URLSearchParams();
  params.set(VERSION_KEY, String(config.v));
  params.set(TASK_KEY, config.task);
  for (const [, field] of FIELD_LIST) {
    const value = readConfig(config, field.path);
    if (value !== undefined) params.set(field.key, writeText(value));
  }
  for (const [id, value] of Object.entries(config.knobs)) params.set(KNOB_PREFIX + id, String(value));
  if (config.text !== undefined) {
    if (config.text.length > ZIP_ABOVE) params.set(ZIPPED_TEXT_KEY, zipText(config.text));
    else params.set(TEXT_KEY, config.text);
  }
  for (const change of config.schedule ?? []) {
    for (const [name, value] of Object.entries(change.set)) {
      params.set(`${CHANGE_PREFIX}${change.step}.${CONFIG_FIELDS[name as keyof typeof CONFIG_FIELDS].key}`, writeText(value));
    }
  }
  if (step > 0) params.set(STEP_KEY, String(step));
  return params.toString();
}

const FIELD_BY_KEY = new Map<string, readonly [string, FieldSpec]>(FIELD_LIST.map(([name, f]) => [f.key, [name, f]]));

/** Reads any hash (with or without `#`), never throwing; an empty hash is the default config. */
export function decodeLink(hash: string): DecodedLink {
  const issues = new IssueList();
  const params = safeParams(hash.replace(/^#/, ''));
  const raw: Record<string, unknown> = {};
  const knobs = new Map<string, unknown>();
  const changes = new Map<number, Record<string, unknown>>();
  let step = 0;
  let texts = 0;
  for (const [key, text] of params) {
    const row = FIELD_BY_KEY.get(key);
    if (row) {
      const [, field] = row;
      const value = readText(field, text);
      if (value === undefined) issues.add(field.arg, `${shorten(text)} is not ${describeKind(field)}; using the default`);
      else writePath(raw, field.path, value);
    } else if (key === VERSION_KEY) {
      raw.v = readNumber(text) ?? text;
    } else if (key === TASK_KEY) {
      raw.task = text;
    } else if (key.startsWith(KNOB_PREFIX)) {
      // Kept as given (a number, or the text that is not one): parseConfig checks it against the task's knob.
      knobs.set(key.slice(KNOB_PREFIX.length), readNumber(text) ?? text);
    } else if (key.startsWith(CHANGE_PREFIX)) {
      readChange(key, text, changes, issues);
    } else if ((key === TEXT_KEY || key === ZIPPED_TEXT_KEY) && ++texts > 1) {
      issues.add('text', 'the link gives the text more than once; using the first');
    } else if (key === TEXT_KEY) {
      raw.text = text;
    } else if (key === ZIPPED_TEXT_KEY) {
      const unzipped = unzipText(text);
      if (unzipped === 'damaged') issues.add('text', 'the compressed text is damaged; using the default text');
      else if (unzipped === 'too long') issues.add('text', `the compressed text inflates past ${MAX_INFLATED_BYTES.toLocaleString('en-US')} bytes; using the default text`);
      else raw.text = unzipped;
    } else if (key === STEP_KEY) {
      const value = readNumber(text);
      if (value === undefined || !Number.isInteger(value) || value < 0) issues.add('step', `${shorten(text)} is not a step count; starting at step 0`);
      else if (value > MAX_REPLAY_STEPS) {
        step = MAX_REPLAY_STEPS;
        issues.add(
          'step',
          `this link was shared at step ${countText(value)}; a link replays at most ${countText(MAX_REPLAY_STEPS)} steps, so it opens at step ${countText(MAX_REPLAY_STEPS)}`,
        );
      } else step = value;
    } else {
      issues.add(shortKey(key), 'unknown field, ignored');
    }
  }
  if (knobs.size > 0) raw.knobs = knobs;
  if (changes.size > 0) raw.schedule = [...changes].map(([at, set]) => ({ step: at, set }));
  const parsed = parseConfig(migrate(raw), issues);
  return { config: parsed.config, step, issues: parsed.issues, omitted: parsed.omitted };
}

/** `at.40.lr=0.001`: a live field's value from step 40 on. */
function readChange(key: string, text: string, changes: Map<number, Record<string, unknown>>, issues: IssueList): void {
  const match = /^at\.(\d{1,9})\.([A-Za-z]{1,10})$/.exec(key);
  const row = match ? FIELD_BY_KEY.get(match[2] as string) : undefined;
  if (match === null || row === undefined) {
    issues.add(shortKey(key), 'not a change of the form at.<step>.<field>, ignored');
    return;
  }
  const [name, field] = row;
  const value = readText(field, text);
  if (value === undefined) {
    issues.add(shortKey(key), `${shorten(text)} is not ${describeKind(field)}; ignored`);
    return;
  }
  const at = Number(match[1]);
  if (at < 1 || at > MAX_REPLAY_STEPS) {
    issues.add(shortKey(key), `a change must be at a step in 1..${countText(MAX_REPLAY_STEPS)}; ignored`);
    return;
  }
  const set = changes.get(at) ?? {};
  set[name] = value;
  changes.set(at, set);
}

/**
 * Brings an older link's fields up to the current `CONFIG_VERSION` (schema.ts). Version 1 is the first, so there is
 * nothing to rename yet; a future `CONFIG_VERSION` bump adds its step here, keyed by the version it upgrades.
 */
function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  return raw;
}

function safeParams(hash: string): URLSearchParams {
  try {
    return new URLSearchParams(hash);
  } catch {
    return new URLSearchParams();
  }
}

// Plain decimal notation only: Number() would also take '', '0x1f' and 'Infinity'.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number in plain decimal notation, or undefined. */
function readNumber(text: string): number | undefined {
  if (text.length > 400 || !DECIMAL.test(text)) return undefined;
  const n = Number(text);
  // -0 would print as "0" and so not survive a round trip.
  return Number.isFinite(n) ? (n === 0 ? 0 : n) : undefined;
}

/** A field's value from its text; range and whole-number checks are parseConfig's (they clamp). */
function readText(field: FieldSpec, text: string): number | boolean | string | undefined {
  if (field.kind === 'choice') return text;
  if (field.kind === 'bool') return text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined;
  return readNumber(text);
}

/** 20,000 with a separator; a count too large to be exact as written by JavaScript. */
function countText(n: number): string {
  return Number.isSafeInteger(n) ? n.toLocaleString('en-US') : String(n);
}

function writeText(value: unknown): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

function describeKind(field: FieldSpec): string {
  return field.kind === 'int' ? 'a whole number' : field.kind === 'number' ? 'a number' : field.kind === 'bool' ? '0 or 1' : 'text';
}

function readConfig(config: ExperimentConfig, path: string): unknown {
  let node: unknown = config;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

function zipText(text: string): string {
  const bytes = zlibSync(strToU8(text), { level: 9 });
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Inflates `tz=` text in slices, stopping as soon as the output passes MAX_INFLATED_BYTES. */
function unzipText(encoded: string): string | 'damaged' | 'too long' {
  let bytes: Uint8Array;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return 'damaged';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Unzlib((chunk, final) => {
    size += chunk.length;
    if (size <= MAX_INFLATED_BYTES) chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < bytes.length && size <= MAX_INFLATED_BYTES; at += INFLATE_SLICE) {
      const end = Math.min(bytes.length, at + INFLATE_SLICE);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch {
    return 'damaged';
  }
  if (size > MAX_INFLATED_BYTES) return 'too long';
  if (!ended) return 'damaged';
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return strFromU8(out);
  } catch {
    return 'damaged';
  }
}

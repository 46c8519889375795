/**
 * The link decoder against a stranger's links: random, mutated and oversized hashes, zip bombs,
 * megabyte values, 100,000 keys and prototype names. Whatever comes in, the decoder answers
 * within a time bound, returns a config within every limit, and names every field it did not take
 * as given in a bounded notice (listed, or counted in "and N more").
 */
import fc from 'fast-check';
import { strToU8, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { TASK_IDS, TASKS } from '../tasks/index.ts';
import { FIELD_LIST } from './fields.ts';
import { ECHO_CHARS, MAX_ISSUES, shortKey } from './issues.ts';
import { decodeLink, encodeLink, MAX_INFLATED_BYTES, MAX_REPLAY_STEPS, type DecodedLink } from './link.ts';
import { defaultConfig, ExperimentConfigSchema } from './schema.ts';

/** Chromium's URL limit: the longest hash a page can be opened with. */
const URL_LIMIT = 2 * 1024 * 1024;
/** Milliseconds a decode may take, at the URL limit, on a slow shared CI core. */
const TIME_BOUND_MS = 1500;
/** Characters a notice line may have: a short path, a short echoed value, a sentence. */
const MAX_MESSAGE = 240;
const PROTOTYPE_NAMES = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function zipBomb(bytes: number): string {
  return base64url(zlibSync(new Uint8Array(bytes).fill(97), { level: 9 }));
}

/** The name a notice gives the field behind a hash key. */
function issuePath(key: string): string {
  if (key === 'v') return 'link version';
  if (key === 'text' || key === 'tz') return 'text';
  const row = FIELD_LIST.find(([, f]) => f.key === key);
  return shortKey(row ? row[1].arg : key);
}

/** Whether the decoded link took the hash's value for `key` as given. */
function takenAsGiven(key: string, given: string, out: DecodedLink, again: URLSearchParams): boolean {
  if (key === 'text' || key === 'tz') return out.config.text !== undefined && (key === 'text' ? out.config.text === given : again.get('tz') === given);
  if (key === 'step') return String(out.step) === given || (out.step === 0 && Number(given) === 0 && given.trim() !== '');
  const encoded = again.get(key);
  if (encoded === null) return false;
  if (encoded === given) return true;
  if (given === 'true' || given === 'false') return encoded === (given === 'true' ? '1' : '0');
  return given.trim() !== '' && encoded.trim() !== '' && Number(encoded) === Number(given);
}

/** Every property the tests promise, for one hash. */
function check(hash: string): DecodedLink {
  const started = performance.now();
  const out = decodeLink(hash);
  const took = performance.now() - started;
  expect(took).toBeLessThan(TIME_BOUND_MS);
  // A config within every limit: the schema's, each knob's, the task's sequence length and text.
  expect(ExperimentConfigSchema.safeParse(out.config).success).toBe(true);
  const task = TASKS[out.config.task];
  expect(Object.keys(out.config.knobs).sort()).toEqual(task.knobs.map((k) => k.id).sort());
  for (const k of task.knobs) {
    const v = out.config.knobs[k.id] as number;
    expect(v).toBeGreaterThanOrEqual(k.min);
    expect(v).toBeLessThanOrEqual(k.max);
  }
  expect(out.config.seqLen).toBeGreaterThanOrEqual(task.seqLen.min);
  expect(out.config.seqLen).toBeLessThanOrEqual(task.seqLen.max);
  if (out.config.text !== undefined) expect(out.config.text.length).toBeLessThanOrEqual(task.text?.maxLength ?? 0);
  expect(Object.getPrototypeOf(out.config.knobs)).toBe(Object.prototype);
  expect(Object.hasOwn({}, 'polluted') || ({} as Record<string, unknown>).polluted !== undefined).toBe(false);
  expect(out.step).toBeGreaterThanOrEqual(0);
  expect(out.step).toBeLessThanOrEqual(MAX_REPLAY_STEPS);
  // A bounded notice: at most MAX_ISSUES lines, each short.
  expect(out.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
  if (out.omitted > 0) expect(out.issues).toHaveLength(MAX_ISSUES);
  for (const issue of out.issues) expect(issue.path.length + issue.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  // Every field not taken as given is named, unless the list is full and it is counted.
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const again = new URLSearchParams(encodeLink(out.config, out.step));
  const last = new Map(params);
  const named = new Set(out.issues.map((i) => i.path));
  for (const [key, given] of last) {
    if (takenAsGiven(key, given, out, again)) continue;
    if (out.omitted === 0) expect(named, `${shortKey(key)}=${given.slice(0, ECHO_CHARS)} is not named`).toContain(issuePath(key));
  }
  // What it returns is a clean link: decoding it again changes nothing and says nothing.
  const clean = decodeLink(encodeLink(out.config, out.step));
  expect(clean.issues).toEqual([]);
  expect(clean.config).toEqual(out.config);
  return out;
}

const KEYS = ['v', 'task', ...FIELD_LIST.map(([, f]) => f.key), 'k.noise', 'k.delay', 'k.freqMin', 'k.symbols', 'text', 'tz', 'step', 'at.3.lr', 'at.5.act', 'at.0.clip', 'at.2.h', 'x'];
const VALUE = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', '1e999', '1e300', '-1e300', 'NaN', 'Infinity', '-0', '%', '%E0%A4%A', '0x10', ' 3 ', 'true', ...PROTOTYPE_NAMES),
);

describe('the link decoder against hostile links', () => {
  it('random text: never throws, always a config within limits', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (hash) => void check(hash)), { numRuns: 300 });
  });

  it('mutated valid links: every changed or refused field is named', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TASK_IDS), fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...PROTOTYPE_NAMES.map((n) => `k.${n}`)), fc.string({ maxLength: 8 })), VALUE), { maxLength: 10 }), (task, edits) => {
        const params = new URLSearchParams(encodeLink(defaultConfig(task), 3));
        for (const [k, v] of edits) params.set(k, v);
        check(params.toString());
      }),
      { numRuns: 400 },
    );
  });

  it('out-of-range task knobs are clamped to their range and the notice names it', () => {
    const out = check('#v=1&task=sine&k.noise=1e300&k.freqMin=-5&k.freqMax=99');
    expect(out.config.knobs).toEqual({ noise: 0.5, freqMin: 0.01, freqMax: 0.25 });
    expect(out.issues).toEqual([
      { path: 'k.noise', message: '1e+300 is outside 0..0.5; using 0.5' },
      { path: 'k.freqMin', message: '-5 is outside 0.01..0.25; using 0.01' },
      { path: 'k.freqMax', message: '99 is outside 0.01..0.25; using 0.25' },
    ]);
    const echo = check('#v=1&task=echo&k.delay=9999&k.symbols=2.5');
    expect(echo.config.knobs).toMatchObject({ delay: 100, symbols: 3 });
    expect(echo.issues.map((i) => i.message)).toEqual(['9999 is outside 1..100; using 100', '2.5 is not a whole number; using 3']);
  });

  it('prototype names are unknown names, never properties', () => {
    for (const name of PROTOTYPE_NAMES) {
      for (const hash of [`${name}=1`, `k.${name}=1`, `task=${name}`, `act=${name}`, `opt=${name}`, `at.3.${name}=1`, `task=echo&k.${name}=5`]) {
        const out = check(hash);
        expect(out.issues.length).toBeGreaterThan(0);
        expect(Object.hasOwn(out.config.knobs, name)).toBe(false);
        expect(encodeLink(out.config)).not.toContain(name);
      }
    }
  });

  it('zip bombs stop at the cap, at every size', () => {
    for (const bytes of [MAX_INFLATED_BYTES + 1, 2_000_000, 10_000_000, 100_000_000]) {
      const out = check(`v=1&task=charlm&tz=${zipBomb(bytes)}`);
      expect(out.config.text).toBe(defaultConfig('charlm').text);
      expect(out.issues).toEqual([{ path: 'text', message: 'the compressed text inflates past 800,000 bytes; using the default text' }]);
    }
    // Just under the cap inflates, then the task's own limit refuses it (5,000 characters).
    const big = check(`v=1&task=charlm&tz=${base64url(zlibSync(strToU8('ab'.repeat(300_000))))}`);
    expect(big.issues[0]?.message).toBe("600,000 characters is more than this task's 5,000; using the default text");
  });

  it('megabyte values are echoed as a short piece', () => {
    const mb = 'x'.repeat(1_000_000);
    for (const hash of [`h=${mb}`, `task=${mb}`, `${mb}=1`, `k.${mb}=1`, `task=echo&k.delay=${mb}`, `text=${mb}`, `task=charlm&text=${mb}`, `step=${mb}`, `at.4.lr=${mb}`, `tz=${mb}`]) {
      const out = check(hash);
      expect(out.issues.length).toBeGreaterThan(0);
      expect(JSON.stringify(out.issues).length).toBeLessThan(1000);
    }
  });

  it('100,000 keys: twenty named, the rest counted', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `z${i}=${i}`).join('&');
    const out = check(many);
    expect(out.issues).toHaveLength(MAX_ISSUES);
    expect(out.issues[0]).toEqual({ path: 'z0', message: 'unknown field, ignored' });
    expect(out.omitted).toBe(100_000 - MAX_ISSUES);
    const knobs = check(`task=echo&${Array.from({ length: 100_000 }, (_, i) => `k.q${i}=1`).join('&')}`);
    expect(knobs.omitted).toBe(100_000 - MAX_ISSUES);
    const changes = check(Array.from({ length: 100_000 }, (_, i) => `at.${i + 1}.lr=0.001`).join('&'));
    expect(changes.config.schedule?.length).toBeLessThanOrEqual(100);
  });

  it('oversized random links up to the URL limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...KEYS, '__proto__', 'k.constructor'), fc.oneof(VALUE, fc.nat(200_000).map((n) => 'y'.repeat(n)), fc.constantFrom(zipBomb(5_000_000)))), { minLength: 1, maxLength: 40 }),
        (pairs) => {
          const hash = new URLSearchParams(pairs).toString().slice(0, URL_LIMIT);
          check(hash);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a link past the replay cap opens at the cap and says so', () => {
    const out = check('task=parity&step=50000');
    expect(out.step).toBe(MAX_REPLAY_STEPS);
    expect(out.issues).toEqual([{ path: 'step', message: 'this link was shared at step 50,000; a link replays at most 20,000 steps, so it opens at step 20,000' }]);
  });
});

/**
 * The loader for topic fixtures written by real PyTorch (`engine/testing/fixtures/<topic>/`, each
 * folder with the script that made it). JSON has no NaN or infinity, so those numbers are the
 * strings "nan", "inf" and "-inf"; everything here decodes them, and {@link expectSameNumbers}
 * compares non-finite values exactly (NaN where PyTorch has NaN, the same infinity) and finite
 * ones within a tolerance.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { torch } from '../index.ts';
import type { RnnArgs } from './golden.ts';

/** A number as the fixtures store it. */
export type FixtureNumber = number | 'nan' | 'inf' | '-inf';

/** A stored tensor: row-major data and its shape. */
export interface FixtureTensor {
  shape: number[];
  data: FixtureNumber[];
}

/** A recorded error: the Python exception type and its message. */
export interface FixtureError {
  type: string;
  message: string;
}

const fixturesDir = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

/** One fixture file of a topic, e.g. `loadFixture('exactness_a', 'nan.json')`. */
export function loadFixture<T>(topic: string, file: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, topic, file), 'utf8')) as T;
}

/** The number a stored value stands for. */
export function decode(v: FixtureNumber): number {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** A stored tensor's values, decoded. */
export function fixtureValues(t: FixtureTensor | readonly FixtureNumber[]): number[] {
  return ('data' in t ? t.data : t).map(decode);
}

/** A stored tensor as an engine tensor on `device` (its values are float32-exact). */
export function fixtureTensor(
  t: FixtureTensor,
  options: { device?: torch.DeviceLike; requires_grad?: boolean; dtype?: torch.DType } = {},
): torch.Tensor {
  return torch.tensor(fixtureValues(t), { shape: t.shape, ...options });
}

/** Per-element tolerance: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Two float32 computations of the same float32 formula, differing only in summation order. */
export const FLOAT32_TOL: Tolerance = { atol: 1e-6, rtol: 1e-5 };

/**
 * Checks every element: NaN exactly where the reference has NaN, the same infinity where it has
 * one, and finite values within `tol`. Throws naming the first element that differs.
 */
export function expectSameNumbers(
  what: string,
  actual: ArrayLike<number>,
  expected: FixtureTensor | readonly FixtureNumber[] | readonly number[],
  tol: Tolerance,
): void {
  const want = Array.isArray(expected) ? expected.map((v: FixtureNumber) => decode(v)) : fixtureValues(expected as FixtureTensor);
  if (actual.length !== want.length) throw new Error(`${what}: expected ${want.length} elements, got ${actual.length}`);
  for (let i = 0; i < want.length; i++) {
    const a = actual[i]!;
    const e = want[i]!;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : Number.isFinite(e)
        ? Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e)
        : a === e;
    if (!ok) throw new Error(`${what}[${i}]: got ${a}, expected ${e} (tolerance ${tol.atol} + ${tol.rtol}·|expected|)`);
  }
}

/** An nn.RNN with a fixture's arguments and weights, on `device`. */
export function rnnFromFixture(
  args: RnnArgs,
  state: Record<string, FixtureTensor>,
  device: torch.DeviceLike,
): torch.nn.RNN {
  const { input_size, hidden_size, ...options } = args;
  const rnn = new torch.nn.RNN(input_size, hidden_size, options);
  const weights: Record<string, torch.Tensor> = {};
  for (const [key, t] of Object.entries(state)) weights[key] = fixtureTensor(t);
  rnn.load_state_dict(weights);
  return rnn.to(device);
}

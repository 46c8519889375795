/**
 * Test helpers for engine/serialization: the files real PyTorch made
 * (`fixtures/serialization/`, see make_serialization.py), the JSON encoding of Python values that
 * script and check_saved.py write, and a comparison of loaded values against it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { torch } from '../index.ts';

export const FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/serialization');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** A Python value as reference.py's `encode` writes it. */
export type Encoded =
  | null | boolean | number | string | Encoded[]
  | { __tensor__: EncodedTensor }
  | { __tuple__: Encoded[] }
  | { __dict__: [Encoded, Encoded][] }
  | { __int__: string }
  | { __float__: 'nan' | 'inf' | '-inf' }
  | { __bytes__: string };

export interface EncodedTensor {
  dtype: string;
  shape: number[];
  /** Values: numbers, "nan"/"inf"/"-inf" for non-finite floats, strings for ints beyond 2^53. */
  data: (number | string)[];
  requires_grad: boolean;
  parameter: boolean;
}

export interface FixtureCase {
  format?: torch.serialization.FileFormat;
  value?: Encoded;
  lossy?: string[];
  metadata?: Record<string, string> | null;
  /** Words the refusal message must contain. */
  error?: string[];
}

export const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  torch_version: string;
  files: Record<string, FixtureCase>;
};

/** A JSON element as the number it stands for. */
export function decodeNumber(v: number | string): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return typeof v === 'string' ? Number(BigInt(v)) : v;
}

/** The engine dtype a stored dtype becomes. */
export function engineDType(stored: string): torch.DType {
  if (stored === 'bool') return 'bool';
  return stored.startsWith('float') || stored === 'bfloat16' ? 'float32' : 'int64';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Asserts that `actual` (a loaded value) is what `expected` encodes, naming the path on failure. */
export function expectPyValue(actual: unknown, expected: Encoded, path = '<top>'): void {
  if (expected === null || typeof expected === 'boolean' || typeof expected === 'string') {
    expect(actual, path).toBe(expected);
  } else if (typeof expected === 'number') {
    expect(actual, path).toBe(expected);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && !Object.isFrozen(actual), `${path} is a list`).toBe(true);
    const list = actual as unknown[];
    expect(list.length, path).toBe(expected.length);
    expected.forEach((e, i) => expectPyValue(list[i], e, `${path}.${i}`));
  } else if ('__tensor__' in expected) {
    expectTensor(actual, expected.__tensor__, path);
  } else if ('__tuple__' in expected) {
    expect(Array.isArray(actual) && Object.isFrozen(actual), `${path} is a tuple (a frozen array)`).toBe(true);
    const items = actual as unknown[];
    expect(items.length, path).toBe(expected.__tuple__.length);
    expected.__tuple__.forEach((e, i) => expectPyValue(items[i], e, `${path}.${i}`));
  } else if ('__dict__' in expected) {
    const pairs = expected.__dict__;
    if (actual instanceof Map) {
      const keys = [...actual.keys()];
      expect(keys.length, `${path} keys`).toBe(pairs.length);
      pairs.forEach(([k, v], i) => {
        expectPyValue(keys[i], k, `${path} key ${i}`);
        expectPyValue(actual.get(keys[i]), v, `${path}.${String(keys[i])}`);
      });
    } else {
      expect(isRecord(actual), `${path} is a dict`).toBe(true);
      const obj = actual as Record<string, unknown>;
      expect(Object.keys(obj), `${path} keys in order`).toEqual(pairs.map(([k]) => k));
      for (const [k, v] of pairs) expectPyValue(obj[k as string], v, `${path}.${String(k)}`);
    }
  } else if ('__int__' in expected) {
    expect(actual, path).toBe(BigInt(expected.__int__));
  } else if ('__float__' in expected) {
    expect(actual, path).toBe(decodeNumber(expected.__float__));
  } else {
    expect(actual, path).toEqual(Uint8Array.from(Buffer.from(expected.__bytes__, 'hex')));
  }
}

/** Asserts a tensor's shape, engine dtype, flags and values (each the float32 nearest PyTorch's). */
export function expectTensor(actual: unknown, expected: EncodedTensor, path: string): void {
  expect(actual, `${path} is a Tensor`).toBeInstanceOf(torch.Tensor);
  const t = actual as torch.Tensor;
  expect([...t.shape], `${path} shape`).toEqual(expected.shape);
  expect(t.dtype, `${path} dtype`).toBe(engineDType(expected.dtype));
  expect(t.requires_grad, `${path} requires_grad`).toBe(expected.requires_grad);
  expect(t instanceof torch.nn.Parameter, `${path} is a Parameter`).toBe(expected.parameter);
  const values = Array.from(t.toFloat32Array());
  expect(values, `${path} values`).toEqual(expected.data.map((v) => Math.fround(decodeNumber(v))));
}

/** The first Python that imports torch: $PYTHON, then `python3` on the PATH, then Debian's. */
export const torchPython = [process.env.PYTHON, 'python3', '/usr/bin/python3'].find(
  (exe) => exe !== undefined && spawnSync(exe, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
);

/**
 * The loader for the committed PyTorch fixtures in `testing/fixtures/<topic>/`: each topic's
 * Python script writes JSON beside itself, with non-finite numbers as the strings "nan", "inf"
 * and "-inf" (JSON has no literal for them), decoded here. Expected values come only from there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { torch } from '../index.ts';
import { expectClose, TOL, type GoldenTensor } from './golden.ts';

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

const NON_FINITE: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };

/**
 * The parsed `fixtures/<topic>/<file>.json`, with "nan", "inf" and "-inf" inside numeric arrays
 * (and as plain values) turned back into numbers.
 *
 * @example
 * const { cases } = loadFixture<{ cases: LossCase[] }>('exactness_b', 'losses');
 */
export function loadFixture<T>(topic: string, file: string): T {
  const text = readFileSync(join(fixturesDir, topic, `${file}.json`), 'utf8');
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value)) as T;
}

/** A tensor on `device` holding a fixture's values (float32-exact inputs). */
export function fixtureTensor(g: GoldenTensor, device: torch.Device, requires_grad = false): torch.Tensor {
  return torch.tensor(g.data, { shape: g.shape, device, requires_grad });
}

/**
 * Checks a tensor (on any device) against a fixture tensor: its shape, then its values with
 * `expectClose` (NaN and ±inf must match exactly).
 *
 * @example
 * await expectTensorClose('grad', x.grad, c.grad, TOL.grad);
 */
export async function expectTensorClose(
  what: string,
  x: torch.Tensor | null,
  ref: GoldenTensor,
  tol: { atol: number; rtol: number } = TOL.forward,
): Promise<void> {
  if (x === null) throw new Error(`${what} is missing`);
  expect(x.shape, what).toEqual(ref.shape);
  expectClose(what, await x.data(), ref, tol);
}

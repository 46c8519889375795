/**
 * The loader for the committed PyTorch fixtures in `testing/fixtures/<topic>/`: each topic's
 * Python script writes JSON beside itself, with non-finite numbers as the strings "nan", "inf"
 * and "-inf" (JSON has no literal for them), decoded here. Expected values come only from there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectClose, type GoldenTensor } from './golden.ts';

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

/**
 * `expectClose`, where an expected NaN must be NaN and an expected ±inf must be that inf; the
 * finite elements are compared with the tolerance (scaled by the largest finite reference value).
 */
export function expectCloseNonFinite(
  what: string,
  actual: ArrayLike<number>,
  ref: GoldenTensor | { data: ArrayLike<number> },
  tol: { atol: number; rtol: number },
): void {
  const expected = Array.from(ref.data);
  if (actual.length !== expected.length) throw new Error(`${what}: expected ${expected.length} elements, got ${actual.length}`);
  const finiteActual: number[] = [];
  const finiteExpected: number[] = [];
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`${what}[${i}]: got ${a}, expected NaN`);
    } else if (!Number.isFinite(e)) {
      if (a !== e) throw new Error(`${what}[${i}]: got ${a}, expected ${e}`);
    } else {
      finiteActual.push(a);
      finiteExpected.push(e);
    }
  });
  expectClose(what, finiteActual, { data: finiteExpected }, tol);
}

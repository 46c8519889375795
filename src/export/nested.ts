/**
 * Flat row-major arrays as the nested lists `torch.tensor(...)` reads from JSON. Values keep 9
 * significant digits, enough for every float32 to come back bit for bit in Python.
 */
import type { PlainArray } from '../lab/run/plain.ts';
import type { Batch } from '../lab/tasks/index.ts';

export type Nested = number | Nested[];

/** `data` (row-major, `shape`) as nested lists; `round` formats each value. */
export function nest(data: ArrayLike<number>, shape: readonly number[], round: (v: number) => number = float32): Nested {
  const build = (offset: number, dim: number): Nested => {
    if (dim === shape.length) return round(data[offset]!);
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[dim]! }, (_, i) => build(offset + i * stride, dim + 1));
  };
  return build(0, 0);
}

/** The shortest decimal that turns back into the same float32. */
export function float32(v: number): number {
  return Number(v.toPrecision(9));
}

export function nestPlain(p: PlainArray): Nested {
  return nest(p.data, p.shape);
}

/** A batch for `data.json`: inputs as floats, class targets as ints, lengths when the task has them. */
export interface JsonBatch {
  input: Nested;
  target: Nested;
  lengths?: number[];
}

export function batchToJson(b: Batch, classes: boolean): JsonBatch {
  return {
    input: nest(b.input, b.inputShape),
    target: nest(b.target, b.targetShape, classes ? Math.round : float32),
    ...(b.lengths === undefined ? {} : { lengths: [...b.lengths] }),
  };
}

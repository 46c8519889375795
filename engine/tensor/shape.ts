/** Shape arithmetic: sizes, strides, dims and broadcasting, shared by ops and kernels. */
import { check } from '../errors.ts';

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides of a contiguous tensor. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Wraps a possibly negative dim into [0, rank), with PyTorch's IndexError wording. */
export function normalizeDim(dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  check(Number.isInteger(dim) && dim >= -r && dim < r, () =>
    `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`,
  );
  return dim < 0 ? dim + r : dim;
}

/** The broadcast shape of two shapes, following NumPy/PyTorch rules. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    check(da === db || da === 1 || db === 1, () =>
      `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
    );
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides to read a tensor of `shape` as if it had `outShape` (0 where broadcast). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = contiguousStrides(shape);
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = rank - shape.length + i;
    strides[j] = shape[i] === 1 ? 0 : own[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

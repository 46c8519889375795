/**
 * Shape and view ops. Tensors here are always contiguous, so a view that reorders elements
 * (permute, select, expand) is one strided copy, and its gradient is one strided write back.
 */
import { check, fmtShape } from '../errors.ts';
import { contiguousStrides, normalizeDim, numelOf, shapesEqual, type Shape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { emptyTensor, runInPlace, runKernel, withGrad } from './dispatch.ts';

/** Replaces one -1 in a requested shape and checks the element count. */
function inferShape(shape: Shape, numel: number): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  check(out.lastIndexOf(-1) === free, () => 'only one dimension can be inferred');
  const known = out.reduce((n, d) => (d === -1 ? n : n * d), 1);
  if (free >= 0 && known > 0 && numel % known === 0) out[free] = numel / known;
  check(
    numelOf(out) === numel && out.every((d) => Number.isInteger(d) && d >= 0),
    () => `shape '${fmtShape(shape)}' is invalid for input of size ${numel}`,
  );
  return out;
}

/**
 * Same data, new shape; shares storage because every tensor is contiguous.
 *
 * @example
 * torch.reshape(torch.arange(6), [-1, 3]).shape; // [2, 3]: -1 is inferred, the storage is shared
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = inferShape(shape, x.numel());
  const out = new Tensor(x.storage, target, { device: x.device, dtype: x.dtype });
  return withGrad(out, 'ViewBackward0', [x], (g) => [reshape(g, x.shape)]);
}

/** Gathers `x[offset + idx . strides]` into a new contiguous tensor of `outShape`. */
function stridedView(x: Tensor, outShape: Shape, strides: readonly number[], offset: number, label: string): Tensor {
  const out = runKernel('strided_copy', { x }, outShape, { outShape, strides, offset }, x.dtype);
  return withGrad(out, label, [x], (g) => {
    const gx = emptyTensor(x.shape, g.device);
    runInPlace('strided_write', { src: g }, gx, { shape: outShape, strides, offset, accumulate: true });
    return [gx];
  });
}

/**
 * Reorders all dims.
 *
 * @example
 * torch.permute(torch.zeros([2, 3, 4]), [1, 0, 2]).shape; // [3, 2, 4] (a copy here: every tensor is contiguous)
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const rank = x.shape.length;
  check(dims.length === rank, () =>
    `permute(): number of dims don't match in permute: input.dim() = ${rank} is not equal to len(dims) = ${dims.length}`,
  );
  const norm = dims.map((d) => normalizeDim(d, rank));
  check(new Set(norm).size === rank, () => 'permute(): duplicate dims are not allowed.');
  if (norm.every((d, i) => d === i)) return reshape(x, x.shape);
  const own = contiguousStrides(x.shape);
  return stridedView(x, norm.map((d) => x.shape[d]!), norm.map((d) => own[d]!), 0, 'PermuteBackward0');
}

/**
 * Swaps two dims.
 *
 * @example
 * torch.transpose(torch.zeros([2, 3]), 0, 1).shape; // [3, 2]
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const rank = x.shape.length;
  const order = Array.from({ length: rank }, (_, i) => i);
  const a = normalizeDim(dim0, rank);
  const b = normalizeDim(dim1, rank);
  order[a] = b;
  order[b] = a;
  return rank === 0 ? reshape(x, []) : permute(x, order);
}

/**
 * The slice at `index` along `dim`, with that dim removed.
 *
 * @example
 * torch.select(torch.tensor([[1, 2], [3, 4]]), 1, 0).tolist(); // [1, 3]: column 0, that dim removed
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  check(x.shape.length > 0, () => 'select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.shape.length);
  const size = x.shape[d]!;
  check(Number.isInteger(index) && index >= -size && index < size, () =>
    `select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${d}`,
  );
  const i = index < 0 ? index + size : index;
  const own = contiguousStrides(x.shape);
  const outShape = x.shape.filter((_, k) => k !== d);
  const strides = own.filter((_, k) => k !== d);
  return stridedView(x, outShape, strides, i * own[d]!, 'SelectBackward0');
}

/**
 * `length` elements along `dim` starting at `start`, like `torch.narrow`.
 *
 * @example
 * torch.narrow(torch.arange(10), 0, 2, 3); // [2, 3, 4]
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  check(s >= 0 && length >= 0 && s + length <= size, () =>
    `start (${start}) + length (${length}) exceeds dimension size (${size}).`,
  );
  const own = contiguousStrides(x.shape);
  const outShape = x.shape.map((n, k) => (k === d ? length : n));
  return stridedView(x, outShape, own, s * own[d]!, 'SliceBackward0');
}

/**
 * Repeats size-1 dims to `shape`; the gradient sums back.
 *
 * @example
 * torch.tensor([[1], [2]]).expand([-1, 3]).tolist(); // [[1, 1, 1], [2, 2, 2]]: -1 keeps that size
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  const rank = shape.length;
  check(rank >= x.shape.length, () =>
    `expand: the number of sizes provided (${rank}) must be greater or equal to the number of dimensions in the tensor (${x.shape.length})`,
  );
  const lead = rank - x.shape.length;
  const own = contiguousStrides(x.shape);
  const outShape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < rank; i++) {
    const have = i < lead ? 1 : x.shape[i - lead]!;
    const want = shape[i] === -1 ? have : shape[i]!;
    check(have === want || have === 1, () =>
      `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  ` +
        `Target sizes: ${fmtShape(shape)}.  Tensor sizes: ${fmtShape(x.shape)}`,
    );
    outShape.push(want);
    strides.push(i < lead || (have === 1 && want !== 1) ? 0 : own[i - lead]!);
  }
  if (shapesEqual(outShape, x.shape)) return reshape(x, x.shape);
  return stridedView(x, outShape, strides, 0, 'ExpandBackward0');
}

/**
 * Inserts a size-1 dim at `dim`.
 *
 * @example
 * torch.unsqueeze(torch.zeros([3]), -1).shape; // [3, 1]
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/**
 * Removes size-1 dims (only `dim` when given).
 *
 * @example
 * torch.squeeze(torch.zeros([2, 1, 3]), 1).shape; // [2, 3]; a dim not of size 1 is left as it is
 */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const d = normalizeDim(dim, x.shape.length);
  if (x.shape[d] !== 1) return reshape(x, x.shape);
  return reshape(x, x.shape.filter((_, k) => k !== d));
}

/**
 * Joins tensors along an existing dim.
 *
 * @example
 * torch.cat([h_forward, h_reverse], -1); // [..., 2 * hidden]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  check(tensors.length > 0, () => 'torch.cat(): expected a non-empty list of Tensors');
  const first = tensors[0]!;
  const rank = first.shape.length;
  check(rank > 0, () => 'zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, rank);
  tensors.forEach((t, k) => {
    check(t.shape.length === rank, () =>
      `Tensors must have same number of dimensions: got ${rank} and ${t.shape.length}`,
    );
    t.shape.forEach((n, i) =>
      check(i === d || n === first.shape[i], () =>
        `Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[i]} but got size ${n} for tensor number ${k} in the list.`,
      ),
    );
  });
  const outShape = first.shape.map((n, i) => (i === d ? tensors.reduce((s, t) => s + t.shape[d]!, 0) : n));
  const out = emptyTensor(outShape, first.device, first.dtype);
  const strides = contiguousStrides(outShape);
  const starts: number[] = [];
  let at = 0;
  for (const t of tensors) {
    starts.push(at);
    runInPlace('strided_write', { src: t }, out, { shape: t.shape, strides, offset: at * strides[d]!, accumulate: false });
    at += t.shape[d]!;
  }
  return withGrad(out, 'CatBackward0', tensors, (g) => tensors.map((t, k) => narrow(g, d, starts[k]!, t.shape[d]!)));
}

/**
 * Joins same-shaped tensors along a new dim.
 *
 * @example
 * torch.stack(outputs, 1); // per-step [batch, hidden] -> [batch, seq, hidden]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  check(tensors.length > 0, () => 'stack expects a non-empty TensorList');
  const first = tensors[0]!;
  tensors.forEach((t, k) =>
    check(shapesEqual(t.shape, first.shape), () =>
      `stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${k}`,
    ),
  );
  const d = normalizeDim(dim, first.shape.length + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

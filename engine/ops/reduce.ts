/** Reductions (sum, mean, max, argmax) over one or more dims, and the broadcast-undo for gradients. */
import { check } from '../errors.ts';
import { normalizeDim, numelOf, shapesEqual, type Shape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { arange } from '../tensor/creation.ts';
import { runKernel, withGrad } from './dispatch.ts';
import { keep_where, zeroWhere } from './elementwise.ts';
import type { ReduceOp } from '../backends/kernel_names.ts';

/**
 * Normalized, sorted dims. Undefined and an empty list both mean all dims, as in PyTorch (2.x
 * included: `x.sum(dim=[])` is the sum of every element); a dim listed twice is an error.
 */
export function reduceDims(x: Tensor, dim: number | readonly number[] | undefined): number[] {
  const rank = x.shape.length;
  const list = typeof dim === 'number' ? [dim] : dim ?? [];
  if (list.length === 0) return Array.from({ length: rank }, (_, i) => i);
  const dims = list.map((d) => normalizeDim(d, rank));
  dims.forEach((d, i) => check(dims.indexOf(d) === i, () => `dim ${d} appears multiple times in the list of dims`));
  return dims.sort((p, q) => p - q);
}

export function keptShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** One kernel call reducing a single dim, keeping it as size 1. */
function reduceOne(x: Tensor, dim: number, op: ReduceOp): Tensor {
  const shape = x.shape;
  const outer = numelOf(shape.slice(0, dim));
  const size = shape[dim] ?? 1;
  const inner = numelOf(shape.slice(dim + 1));
  const outShape = shape.map((d, i) => (i === dim ? 1 : d));
  const dtype = op === 'argmax' || op === 'argmin' ? 'int64' : 'float32';
  return runKernel('reduce', { x }, outShape, { op, outer, size, inner }, dtype);
}

/** Sum without autograd over the given dims (all when none), keeping dims as size 1. */
function sumKeep(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length === x.shape.length && x.shape.length > 0) {
    return runKernel('reduce', { x }, dims.map(() => 1), { op: 'sum', outer: 1, size: x.numel(), inner: 1 });
  }
  let r = x;
  for (const d of dims) r = reduceOne(r, d, 'sum');
  return r;
}

/**
 * Sums a gradient back down to `shape`, undoing broadcasting: leading extra dims and dims that
 * were 1 in `shape` are summed away.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) dims.push(i);
  });
  return sumKeep(g, dims).reshape(shape);
}

/**
 * Sum of elements over `dim` (all when omitted).
 *
 * @example
 * torch.tensor([[1, 2], [3, 4]]).sum(0); // tensor([4, 6])
 */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const dims = reduceDims(x, dim);
  const out = sumKeep(x, dims).reshape(keptShape(x.shape, dims, keepdim));
  const keptOnes = keptShape(x.shape, dims, true);
  const label = dim === undefined ? 'SumBackward0' : 'SumBackward1';
  return withGrad(out, label, [x], (g) => [g.reshape(keptOnes).expand(x.shape)]);
}

/**
 * Mean of elements over `dim` (all when omitted or an empty list).
 *
 * @example
 * torch.tensor([[1, 2], [3, 5]]).mean(1); // tensor([1.5, 4])
 */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const dims = reduceDims(x, dim);
  const count = dims.reduce((n, d) => n * x.shape[d]!, 1);
  const out = sumKeep(x, dims).div(count).reshape(keptShape(x.shape, dims, keepdim));
  const keptOnes = keptShape(x.shape, dims, true);
  const label = dim === undefined ? 'MeanBackward0' : 'MeanBackward1';
  return withGrad(out, label, [x], (g) => [g.reshape(keptOnes).div(count).expand(x.shape)]);
}

/** Indices of the max along `dim` (flattened input when omitted); first index wins ties. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce(x, dim, keepdim, 'argmax');
}

export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce(x, dim, keepdim, 'argmin');
}

function argReduce(x: Tensor, dim: number | undefined, keepdim: boolean, op: 'argmax' | 'argmin'): Tensor {
  check(x.numel() > 0, () => `${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
  if (dim === undefined) {
    const flat = reduceOne(x.reshape([-1]), 0, op);
    return keepdim ? flat.reshape(x.shape.map(() => 1)) : flat.reshape([]);
  }
  const d = normalizeDim(dim, x.shape.length);
  const out = reduceOne(x.shape.length === 0 ? x.reshape([1]) : x, d, op);
  return out.reshape(keptShape(x.shape, [d], keepdim));
}

/**
 * The max (or min) of all elements, whose gradient is split evenly among every element equal to
 * it (every NaN, when the max is NaN), as PyTorch's evenly_distribute_backward. Along a dim, see
 * `max_dim`.
 */
export function amaxAll(x: Tensor, op: 'max' | 'min'): Tensor {
  check(x.numel() > 0, () =>
    `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
  );
  const values = reduceOne(x.reshape([-1]), 0, op);
  const out = values.reshape([]);
  return withGrad(out, op === 'max' ? 'MaxBackward1' : 'MinBackward1', [x], (g) => {
    // Ties are the elements equal to the result, or every NaN when the result is NaN (NaN == NaN
    // is false, so NaN-ness is 1 - (t == t)).
    const v = values.reshape([]);
    const bothNan = x.eq(x).neg().add(1).mul(v.eq(v).neg().add(1));
    const ties = x.eq(v).add(bothNan);
    return [zeroWhere(ties.eq(0), g.reshape([]).div(ties.sum()).expand(x.shape))];
  }, [x, values]);
}

/**
 * PyTorch's `(values, indices)` namedtuple: destructure it as an array or read `.values` and
 * `.indices` by name.
 */
export type ValuesIndices = [values: Tensor, indices: Tensor] & { readonly values: Tensor; readonly indices: Tensor };

/** The namedtuple of `values` and `indices`. */
export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/**
 * Max (or min) along `dim` with the index of each (`torch.max(x, dim)`): the first extreme wins
 * ties and a NaN beats every number, as in PyTorch; the gradient flows to that index only.
 *
 * @example
 * const { values, indices } = torch.max(torch.tensor([[1, 5], [7, 2]]), 1);
 * // values [5, 7], indices [1, 0]: the same pair as `const [values, indices] = ...`
 */
export function max_dim(x: Tensor, dim: number, keepdim = false, op: 'max' | 'min' = 'max'): ValuesIndices {
  const d = normalizeDim(dim, x.shape.length);
  const src = x.shape.length === 0 ? x.reshape([1]) : x;
  check(src.shape[d]! > 0, () =>
    `${op}(): Expected reduction dim ${d} to have non-zero size.`,
  );
  const outShape = keptShape(x.shape, [d], keepdim);
  const index = reduceOne(src, d, op === 'max' ? 'argmax' : 'argmin');
  const values = reduceOne(src, d, op).reshape(outShape);
  const positions = src.shape.map((n, i) => (i === d ? n : 1));
  const out = withGrad(values, op === 'max' ? 'MaxBackward' : 'MinBackward', [x], (g) => {
    // Only the index receives the gradient: a NaN in g must not reach the other positions.
    const hot = index.eq(arange(0, src.shape[d]!, 1, { device: x.device }).reshape(positions));
    return [keep_where(g.reshape(index.shape), hot).reshape(x.shape)];
  });
  return valuesIndices(out, index.reshape(outShape));
}

/** Max or min without autograd over `dims` (all when empty and `x` is 0-d), keeping them as size 1. */
export function extremeKeep(x: Tensor, dims: readonly number[], op: 'max' | 'min'): Tensor {
  let r = x.shape.length === 0 ? x.reshape([1]) : x;
  for (const d of dims) r = reduceOne(r, d, op);
  return r.reshape(keptShape(x.shape, dims, true));
}

/**
 * `torch.max`: of all elements; along `dim`, the `(values, indices)` namedtuple; with a second
 * tensor, the elementwise `maximum`.
 *
 * @example
 * const [best, at] = torch.max(scores, 1); // per row: the best score and its column
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) return x.max();
  return typeof dim === 'number' ? x.max(dim, keepdim) : x.max(dim);
}

/**
 * `torch.min`: of all elements; along `dim`, the `(values, indices)` namedtuple; with a second
 * tensor, the elementwise `minimum`.
 *
 * @example
 * torch.min(torch.tensor([[4, 2], [1, 3]]), 0).indices; // [1, 0]
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) return x.min();
  return typeof dim === 'number' ? x.min(dim, keepdim) : x.min(dim);
}

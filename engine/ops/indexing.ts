/** Row gathers and scatters: index_select (embeddings, packing) and its adjoint. */
import { no_grad } from '../autograd/grad_mode.ts';
import { check, fmtShape } from '../errors.ts';
import { arange } from '../tensor/creation.ts';
import { contiguousStrides, normalizeDim } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { emptyTensor, runInPlace, runKernel, withGrad } from './dispatch.ts';

function checkIndex(index: Tensor, size: number, what: string): void {
  check(index.shape.length <= 1, () => `${what}(): Index is supposed to be a vector`);
  if (index.device.type !== 'cpu') return;
  for (const v of index.tolist1d()) {
    check(Number.isInteger(v) && v >= 0 && v < size, () =>
      `${what}(): index ${v} is out of bounds for dimension 0 with size ${size}`,
    );
  }
}

/**
 * Rows of `x` along dim 0 picked by `index` (a 1-D tensor of integers), as
 * `torch.index_select(x, 0, index)`. Other dims are reached by transposing first.
 *
 * @example
 * torch.index_select(torch.eye(3), 0, torch.tensor([2, 0])); // rows 2 and 0
 */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  if (dim !== 0) return index_select(x.transpose(0, dim), 0, index).transpose(0, dim);
  const size = x.shape[0] ?? 1;
  checkIndex(index, size, 'index_select');
  const rows = index.numel();
  const width = x.numel() / Math.max(size, 1);
  const outShape = [rows, ...x.shape.slice(1)];
  const out = runKernel('gather_rows', { table: x, index }, outShape, { rows, width }, x.dtype);
  return withGrad(out, 'IndexSelectBackward0', [x], (g) => [index_add_rows(g, index, size)], [index]);
}

/** A zero tensor of `size` rows with `src` rows added at `index` (the adjoint of index_select). */
export function index_add_rows(src: Tensor, index: Tensor, size: number): Tensor {
  const rows = index.numel();
  const width = src.numel() / Math.max(rows, 1);
  const out = emptyTensor([size, ...src.shape.slice(1)], src.device);
  runInPlace('scatter_add_rows', { src, index }, out, { rows, width });
  return withGrad(out, 'IndexAddBackward0', [src], (g) => [index_select(g, 0, index)], [index]);
}

/**
 * `out[i][j][k] = x[i][index[i][j][k]][k]` for `dim = 1` (likewise for any dim), as
 * `torch.gather`: `index` has x's rank, and its sizes may be smaller than x's except along `dim`.
 * The gradient adds back into the gathered positions (repeats accumulate).
 *
 * @example
 * const logp = torch.tensor([[-0.1, -2.3], [-1.6, -0.2]]);
 * torch.gather(logp, 1, torch.tensor([[1], [0]], { dtype: 'int64' })); // [[-2.3], [-1.6]]: each row's target entry
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const rank = x.shape.length;
  const d = normalizeDim(dim, rank);
  check(index.shape.length === Math.max(rank, 1) || (rank === 0 && index.shape.length === 0), () =>
    `gather(): Index tensor must have the same number of dimensions as input tensor`,
  );
  index.shape.forEach((n, i) =>
    check(i === d || n <= (x.shape[i] ?? 1), () =>
      `Size does not match at dimension ${i} expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(x.shape)} apart from dimension ${d}`,
    ),
  );
  const size = x.shape[d] ?? 1;
  if (index.device.type === 'cpu') {
    for (const v of index.tolist1d()) {
      check(Number.isInteger(v) && v >= 0 && v < size, () => `index ${v} is out of bounds for dimension ${d} with size ${size}`);
    }
  }
  const strides = contiguousStrides(x.shape.length === 0 ? [1] : x.shape);
  // The flat position of every gathered element, built on the index's device (exact below 2^24).
  let flat = no_grad(() => index.mul(strides[d]!));
  index.shape.forEach((n, i) => {
    if (i === d || n === 1) return;
    const along = arange(0, n, 1, { device: index.device }).mul(strides[i]!);
    flat = no_grad(() => flat.add(along.reshape(index.shape.map((m, k) => (k === i ? m : 1)))));
  });
  const column = x.reshape([x.numel(), 1]);
  return index_select(column, 0, flat.reshape([-1])).reshape(index.shape);
}

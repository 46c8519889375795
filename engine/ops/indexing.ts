/** Row gathers and scatters: index_select (embeddings, packing) and its adjoint. */
import { check } from '../errors.ts';
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
  const out = runKernel('gather_rows', [x, index], outShape, { rows, width }, x.dtype);
  return withGrad(out, 'IndexSelectBackward0', [x], (g) => [index_add_rows(g, index, size)], [index]);
}

/** A zero tensor of `size` rows with `src` rows added at `index` (the adjoint of index_select). */
export function index_add_rows(src: Tensor, index: Tensor, size: number): Tensor {
  const rows = index.numel();
  const width = src.numel() / Math.max(rows, 1);
  const out = emptyTensor([size, ...src.shape.slice(1)], src.device);
  runInPlace('scatter_add_rows', [src, index], out, { rows, width });
  return withGrad(out, 'IndexAddBackward0', [src], (g) => [index_select(g, 0, index)], [index]);
}

/** dtype conversions (`long()`, `float()`): every dtype is stored as float32, so a cast is a copy and a rounding. */
import { contiguousStrides } from '../tensor/shape.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';
import { runKernel, withGrad } from './dispatch.ts';

/**
 * `x` as `dtype`: the tensor itself when it already is, else a copy; to int64 rounds toward zero
 * as PyTorch's cast does, and bool is 1 for every nonzero. Only a float result carries gradient
 * (integer tensors cannot require grad in PyTorch either).
 *
 * @example
 * to_dtype(torch.tensor([-1.7, 2.9]), 'int64').tolist(); // [-1, 2]
 */
export function to_dtype(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  if (dtype === 'int64') return runKernel('unary', { x }, x.shape, { op: 'trunc' }, 'int64');
  if (dtype === 'bool') return x.eq(0).eq(0);
  const out = runKernel('strided_copy', { x }, x.shape, { outShape: x.shape, strides: contiguousStrides(x.shape), offset: 0 }, dtype);
  return withGrad(out, 'ToCopyBackward', [x], (g) => [g]);
}

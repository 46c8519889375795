/** softmax and log_softmax, computed stably (shifted by the max, which cancels in the gradient). */
import { extremeKeep } from '../ops/reduce.ts';
import { normalizeDim } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * log(softmax(x)) along `dim`, without overflow for large logits.
 *
 * @example
 * torch.nn.functional.log_softmax(torch.tensor([[1, 2, 3]]), 1);
 */
export function log_softmax(input: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, input.shape.length);
  const shift = extremeKeep(input, [d], 'max');
  const shifted = input.sub(shift);
  return shifted.sub(shifted.exp().sum(d, true).log());
}

/**
 * exp(x) / sum(exp(x)) along `dim`.
 *
 * @example
 * torch.nn.functional.softmax(torch.tensor([1, 2, 3]), 0); // sums to 1
 */
export function softmax(input: Tensor, dim: number): Tensor {
  return log_softmax(input, dim).exp();
}

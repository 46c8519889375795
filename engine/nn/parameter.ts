/** A Parameter is a leaf tensor that a Module owns and an optimizer updates. */
import { Tensor } from '../tensor/tensor.ts';

export class Parameter extends Tensor {
  /**
   * Wraps `data` (sharing its storage) as a trainable leaf.
   *
   * @example
   * const w = new torch.nn.Parameter(torch.zeros([3, 2])); // w.requires_grad is true; no copy of the zeros is made
   */
  constructor(data: Tensor, requires_grad = true) {
    super(data.storage, data.shape, { device: data.device, dtype: data.dtype, requires_grad });
  }
}

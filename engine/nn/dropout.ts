/** torch.nn.Dropout: functional dropout that follows the module's train/eval mode. */
import { check } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { dropout } from './functional.ts';
import { Module } from './module.ts';

export class Dropout extends Module {
  /**
   * @example
   * const drop = new torch.nn.Dropout(0.2);
   * drop.eval(); // now an identity
   */
  constructor(readonly p = 0.5) {
    super();
    check(p >= 0 && p <= 1, () => `dropout probability has to be between 0 and 1, but got ${p}`);
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training);
  }
}

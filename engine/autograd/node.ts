/** A node of the autograd graph: what op made a tensor, from which inputs, and how to go back. */
import type { Tensor } from '../tensor/tensor.ts';

export interface GradNode {
  /** The op's label, as PyTorch prints grad_fn (e.g. `MmBackward`); the step-through UI shows it. */
  readonly op: string;
  /** The op's tensor inputs, in order; `backward` returns one gradient per input. */
  readonly inputs: readonly Tensor[];
  /**
   * Gradients of the loss with respect to each input, given the gradient with respect to the
   * output; `null` for inputs that need none. Closures hold exactly the saved values they need.
   */
  backward(gradOutput: Tensor): readonly (Tensor | null)[];
  /** Extra labels for debugging views, e.g. `{ layer: 0, direction: 1 }`. */
  readonly meta?: Readonly<Record<string, number | string>>;
}

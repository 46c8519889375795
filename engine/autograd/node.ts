/** A node of the autograd graph: what op made a tensor, from which inputs, and how to go back. */
import type { Tensor } from '../tensor/tensor.ts';

/** A tensor a node's backward reads, and the version it had when the node saved it. */
export interface SavedTensor {
  readonly tensor: Tensor;
  readonly version: number;
}

export interface GradNode {
  /** The op's label, as PyTorch 2.x prints grad_fn (e.g. `MmBackward0`); the step-through UI shows it. */
  readonly op: string;
  /** The op's tensor inputs, in order; `backward` returns one gradient per input. */
  readonly inputs: readonly Tensor[];
  /**
   * Gradients of the loss with respect to each input, given the gradient with respect to the
   * output; `null` for inputs that need none. Closures hold exactly the saved values they need.
   */
  backward(gradOutput: Tensor): readonly (Tensor | null)[];
  /**
   * The tensors `backward` reads, as PyTorch's node would save them (only what the inputs that
   * need a gradient require). Backward refuses to run when one was modified in place since, and
   * a node that saved nothing may run again after its graph was freed.
   */
  readonly saved: readonly SavedTensor[];
  /** Extra labels for debugging views, e.g. `{ layer: 0, direction: 1 }`. */
  readonly meta?: Readonly<Record<string, number | string>>;
}

/** Default initialisation, drawing from the PyTorch-exact generator so seeds match PyTorch. */
import { no_grad } from '../autograd/grad_mode.ts';
import { fromFloat32 } from '../tensor/creation.ts';
import { default_generator, type Generator, uniform_ as uniformValues } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * Fills `t` in place from U(low, high), drawing exactly as PyTorch's `tensor.uniform_`.
 *
 * @example
 * torch.nn.init.uniform_(w, -0.1, 0.1);
 */
export function uniform_(t: Tensor, low = 0, high = 1, generator: Generator = default_generator): Tensor {
  const values = uniformValues(generator, t.numel(), low, high);
  no_grad(() => t.copy_(fromFloat32(values, t.shape)));
  return t;
}

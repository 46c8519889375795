/** Activation functions beyond the elementwise kernels, composed stably. */
import { no_grad } from '../autograd/grad_mode.ts';
import { withGrad } from '../ops/dispatch.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * `log(sigmoid(x))`, elementwise, without overflow: `min(x, 0) - log(1 + e^-|x|)`. Its gradient
 * is `sigmoid(-x)`.
 *
 * @example
 * torch.nn.functional.logsigmoid(torch.tensor([-200, 0])); // [-200, -0.6931]: no -inf from log(0)
 */
export function logsigmoid(x: Tensor): Tensor {
  const out = no_grad(() => x.clamp_max(0).sub(x.abs().neg().exp().add(1).log()));
  return withGrad(out, 'LogSigmoidBackward', [x], (g) => [g.mul(x.neg().sigmoid())]);
}

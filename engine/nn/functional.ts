/** torch.nn.functional: stateless layers. Losses and softmax live in their own files beside this one. */
import { check } from '../errors.ts';
import { fromFloat32 } from '../tensor/creation.ts';
import { bernoulli_, default_generator } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';

export { linear } from '../ops/matmul.ts';
export { relu, sigmoid, tanh } from '../ops/elementwise.ts';

/**
 * Zeroes each element with probability `p` in training mode and scales the rest by 1/(1-p), the
 * way PyTorch's CPU dropout does, bit for bit: a `bernoulli_(1 - p)` mask from the default
 * generator, divided by 1 - p in float32, times the input. Like PyTorch's, it takes no generator:
 * for a stream of its own, run it under `torch.random.use_generator(g, ...)`, or build the mask
 * with `bernoulli_(1 - p, { generator })`.
 *
 * @example
 * const y = torch.nn.functional.dropout(x, 0.5, model.training);
 */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  check(p >= 0 && p <= 1, () => `dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = bernoulli_(default_generator, input.numel(), 1 - p);
  const scale = Math.fround(1 - p);
  for (let i = 0; i < keep.length; i++) keep[i] = keep[i]! / scale;
  return input.mul(fromFloat32(keep, input.shape, { device: input.device }));
}

export {
  mse_loss, cross_entropy, nll_loss, binary_cross_entropy_with_logits,
  type CrossEntropyOptions, type NllLossOptions, type BCEWithLogitsOptions, type Reduction,
} from './losses.ts';
export { logsigmoid } from './activations.ts';
export { one_hot } from './one_hot.ts';
export { log_softmax, softmax } from './softmax.ts';
export { embedding } from './embedding.ts';

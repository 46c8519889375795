/** Loss functions with PyTorch's reductions and argument names. */
import { check, fmtShape } from '../errors.ts';
import { arange } from '../tensor/creation.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { log_softmax } from './softmax.ts';

export type Reduction = 'mean' | 'sum' | 'none';

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  check(reduction === 'mean' || reduction === 'sum' || reduction === 'none', () =>
    `${String(reduction)} is not a valid value for reduction; use 'mean', 'sum' or 'none'`,
  );
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

/**
 * Mean squared error, `mean((input - target)^2)` by default.
 *
 * @example
 * const loss = torch.nn.functional.mse_loss(prediction, target);
 */
export function mse_loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  const diff = input.sub(target);
  return reduce(diff.mul(diff), options.reduction ?? 'mean');
}

export interface CrossEntropyOptions {
  /** Target value whose positions are skipped (default -100). */
  ignore_index?: number;
  reduction?: Reduction;
}

/**
 * Cross entropy between logits and class indices. `input` is (N, C), (N, C, d1, ...) or (C);
 * `target` holds class indices shaped (N), (N, d1, ...) or (). With `reduction: 'mean'` the
 * average is over positions whose target is not `ignore_index`.
 *
 * @example
 * const loss = torch.nn.functional.cross_entropy(logits, torch.tensor([2, 0, -100], { dtype: 'int64' }));
 */
export function cross_entropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const ignore = options.ignore_index ?? -100;
  const reduction = options.reduction ?? 'mean';
  const unbatched = input.shape.length === 1;
  const logits = unbatched ? input.unsqueeze(0) : input;
  const labels = unbatched ? target.reshape([1]) : target;
  const C = logits.shape[1]!;
  const expected = [logits.shape[0]!, ...logits.shape.slice(2)];
  check(labels.shape.length === expected.length && labels.shape.every((d, i) => d === expected[i]), () =>
    `Expected target size ${fmtShape(expected)}, got ${fmtShape(labels.shape)} (input ${fmtShape(input.shape)})`,
  );
  if (labels.device.type === 'cpu') {
    for (const v of labels.tolist1d()) {
      check(v === ignore || (Number.isInteger(v) && v >= 0 && v < C), () => `Target ${v} is out of bounds (classes 0..${C - 1}, ignore_index ${ignore}).`);
    }
  }
  const logp = log_softmax(logits, 1);
  const classShape = logits.shape.map((d, i) => (i === 1 ? C : 1));
  // A one-hot of the target along dim 1; an ignored target matches no class and so adds nothing.
  const oneHot = labels.unsqueeze(1).eq(arange(0, C, 1, { device: labels.device }).reshape(classShape));
  const picked = logp.mul(oneHot).sum(1).neg();
  if (reduction === 'none') return unbatched ? picked.reshape([]) : picked;
  if (reduction === 'sum') return picked.sum();
  const counted = labels.eq(ignore).neg().add(1).sum();
  return picked.sum().div(counted);
}

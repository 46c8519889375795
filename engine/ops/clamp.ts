/** clamp (clip): elementwise bounds with PyTorch's subgradient at the bounds. */
import { check } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { withGrad } from './dispatch.ts';
import { asTensor, binaryRaw } from './elementwise.ts';
import { sumToShape } from './reduce.ts';

type Bound = Tensor | number | null | undefined;

/**
 * `min(max(x, min), max)`, elementwise: a NaN in `x` stays NaN, and when `min > max` every
 * element becomes `max`, as in PyTorch. Bounds are numbers or tensors (broadcasting); either may
 * be null, not both. The gradient reaches `x` where `min <= x <= max` (bounds included: the
 * subgradient 1 there), a tensor `min` where `x < min < max`, a tensor `max` where `x > max` or
 * `max < min`.
 *
 * @example
 * torch.clamp(torch.tensor([-2, 0.5, 3]), -1, 1); // [-1, 0.5, 1]
 * torch.clamp(x, null, 0); // only an upper bound, as torch.clamp(x, max=0)
 */
export function clamp(x: Tensor, min: Bound = null, max: Bound = null): Tensor {
  check((min !== null && min !== undefined) || (max !== null && max !== undefined), () =>
    "torch.clamp: At least one of 'min' or 'max' must not be None",
  );
  const lo = min === null || min === undefined ? null : asTensor(min, x);
  const hi = max === null || max === undefined ? null : asTensor(max, x);
  let out = x;
  if (lo !== null) out = binaryRaw(out, lo, 'maximum', x.dtype);
  if (hi !== null) out = binaryRaw(out, hi, 'minimum', x.dtype);
  const inputs = [x, lo, hi].filter((t): t is Tensor => t !== null);
  return withGrad(out, 'ClampBackward', inputs, (g) => {
    let inRange: Tensor | null = null;
    if (lo !== null) inRange = binaryRaw(x, lo, 'ge');
    if (hi !== null) inRange = inRange === null ? binaryRaw(x, hi, 'le') : binaryRaw(inRange, binaryRaw(x, hi, 'le'), 'mul');
    const grads: (Tensor | null)[] = [x.requires_grad ? sumToShape(binaryRaw(g, inRange!, 'mask'), x.shape) : null];
    if (lo !== null) {
      let below = binaryRaw(x, lo, 'lt');
      if (hi !== null) below = binaryRaw(below, binaryRaw(lo, hi, 'lt'), 'mul');
      grads.push(lo.requires_grad ? sumToShape(binaryRaw(g, below, 'mask'), lo.shape) : null);
    }
    if (hi !== null) {
      let above = binaryRaw(x, hi, 'gt');
      if (lo !== null) above = binaryRaw(above, binaryRaw(hi, lo, 'lt'), 'maximum');
      grads.push(hi.requires_grad ? sumToShape(binaryRaw(g, above, 'mask'), hi.shape) : null);
    }
    return grads;
  });
}

/**
 * `clamp(x, min)`: elementwise lower bound.
 *
 * @example
 * torch.clamp_min(torch.tensor([-1, 2]), 0); // [0, 2], relu with gradient 1 at 0
 */
export function clamp_min(x: Tensor, min: Tensor | number): Tensor {
  return clamp(x, min, null);
}

/**
 * `clamp(x, null, max)`: elementwise upper bound.
 *
 * @example
 * torch.clamp_max(torch.tensor([-1, 2]), 1); // [-1, 1]
 */
export function clamp_max(x: Tensor, max: Tensor | number): Tensor {
  return clamp(x, null, max);
}

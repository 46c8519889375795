/** torch.nn.functional.one_hot. */
import { check } from '../errors.ts';
import { arange } from '../tensor/creation.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * An int64 tensor of shape `[...tensor.shape, num_classes]`, 1 at each value's position and 0
 * elsewhere. `tensor` must be int64 (as in PyTorch); `num_classes = -1` takes the largest value
 * plus one, which needs the values now: on the GPU pass `num_classes`.
 *
 * @example
 * torch.nn.functional.one_hot(torch.tensor([0, 2], { dtype: 'int64' }), 4).tolist(); // [[1, 0, 0, 0], [0, 0, 1, 0]]
 */
export function one_hot(tensor: Tensor, num_classes = -1): Tensor {
  check(tensor.dtype === 'int64', () => 'one_hot is only applicable to index tensor.');
  check(Number.isInteger(num_classes) && num_classes >= -1, () => `one_hot: num_classes must be -1 or a non-negative integer, got ${num_classes}`);
  let classes = num_classes;
  if (tensor.device.type === 'cpu') {
    const values = tensor.tolist1d();
    if (classes === -1) {
      check(values.length > 0, () => 'Can not infer total number of classes from empty tensor.');
      classes = Math.max(...values) + 1;
    }
    check(values.every((v) => v >= 0), () => 'Class values must be non-negative.');
    check(values.every((v) => v < classes), () => 'Class values must be smaller than num_classes.');
  }
  check(classes >= 0, () =>
    `one_hot: num_classes = -1 (infer from the values) needs to read a '${tensor.device}' tensor synchronously; pass num_classes explicitly`,
  );
  const hot = tensor.unsqueeze(-1).eq(arange(0, classes, 1, { device: tensor.device }));
  return hot.long();
}

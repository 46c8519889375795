/** Test helpers: golden tensors in, flat values out. */
import { torch } from '../index.ts';
import type { GoldenTensor } from './golden.ts';

/**
 * A tensor holding a golden file's values (every input value there is float32-exact), made on
 * `device` so a leaf's gradient stays there.
 */
export function fromGolden(t: GoldenTensor, requires_grad = false, device: torch.DeviceLike = 'cpu'): torch.Tensor {
  return torch.tensor(t.data, { shape: t.shape, requires_grad, device });
}

/** Flat values of a tensor, or a clear failure when it is missing. */
export function valuesOf(t: torch.Tensor | null | undefined, what: string): Float32Array {
  if (t === null || t === undefined) throw new Error(`${what} is missing`);
  return t.toFloat32Array();
}

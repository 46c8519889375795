/** The two steps every op takes: run a named kernel on a tensor's backend, then record its gradient. */
import { is_grad_enabled } from '../autograd/grad_mode.ts';
import type { GradNode, SavedTensor } from '../autograd/node.ts';
import type { Storage } from '../backends/backend.ts';
import { mapArgs, type KernelAttrs, type KernelInputs, type KernelName, type KernelOutputs } from '../backends/kernel_names.ts';
import { getBackend } from '../backends/registry.ts';
import { check } from '../errors.ts';
import type { Device } from '../tensor/device.ts';
import { numelOf, type Shape } from '../tensor/shape.ts';
import { Tensor, type DType } from '../tensor/tensor.ts';

/** A zero-filled tensor on `device`. */
export function emptyTensor(shape: Shape, device: Device, dtype: DType = 'float32'): Tensor {
  const storage = getBackend(device.type).alloc(numelOf(shape));
  return new Tensor(storage, shape, { device, dtype });
}

/** All inputs must live on one device; PyTorch's message when they do not. */
export function commonDevice(inputs: readonly Tensor[]): Device {
  const first = inputs[0]!.device;
  for (const t of inputs) {
    check(t.device === first, () =>
      `Expected all tensors to be on the same device, but found at least two devices, ${first} and ${t.device}!`,
    );
  }
  return first;
}

/** The kernels that write one output, `out`: the ones an op runs through `runKernel` or `runInPlace`. */
export type OneOutputKernel = {
  [K in KernelName]: keyof KernelOutputs<K, Storage> extends 'out' ? K : never;
}[KernelName];

/** The storages of a kernel's named tensors, for `Backend.run`. */
export function storagesOf<A extends object>(tensors: A): { [N in keyof A]: Storage } {
  return mapArgs(tensors, (t: Tensor) => t.storage);
}

/**
 * Runs `kernel` on the inputs' backend into a fresh output of `outShape`; the inputs are named as
 * the kernel declares them in kernel_names.ts.
 */
export function runKernel<K extends OneOutputKernel>(
  kernel: K,
  inputs: KernelInputs<K, Tensor>,
  outShape: Shape,
  attrs: KernelAttrs[K],
  dtype: DType = 'float32',
  device: Device = commonDevice(Object.values<Tensor>(inputs)),
): Tensor {
  const out = emptyTensor(outShape, device, dtype);
  getBackend(device.type).run(kernel, storagesOf(inputs) as KernelInputs<K, Storage>, { out: out.storage } as KernelOutputs<K, Storage>, attrs);
  return out;
}

/**
 * Records how to differentiate `out` when grad mode is on and some input requires grad.
 * `backward` returns one gradient per input (null where none is needed). `saved` lists the
 * tensors `backward` reads, as PyTorch would save them: backward raises if one of them is
 * modified in place before it runs, and a node that saved nothing may run twice.
 */
export function withGrad(
  out: Tensor,
  op: string,
  inputs: readonly Tensor[],
  backward: GradNode['backward'],
  saved: readonly (Tensor | null | false)[] = [],
  meta?: GradNode['meta'],
): Tensor {
  if (!is_grad_enabled() || !inputs.some((t) => t.requires_grad)) return out;
  out.requires_grad = true;
  const kept: SavedTensor[] = [];
  for (const t of saved) if (t) kept.push({ tensor: t, version: t._version });
  out.grad_fn = meta === undefined ? { op, inputs, backward, saved: kept } : { op, inputs, backward, saved: kept, meta };
  return out;
}

/** Runs `kernel` writing into an existing tensor `out` (fills, strided writes, optimizer updates). */
export function runInPlace<K extends OneOutputKernel>(
  kernel: K,
  inputs: KernelInputs<K, Tensor>,
  out: Tensor,
  attrs: KernelAttrs[K],
): void {
  const device = commonDevice([out, ...Object.values<Tensor>(inputs)]);
  getBackend(device.type).run(kernel, storagesOf(inputs) as KernelInputs<K, Storage>, { out: out.storage } as KernelOutputs<K, Storage>, attrs);
}

import type { KernelAttrs, KernelInputs, KernelName, KernelOutputs } from '../../kernel_names.ts';

/** A CPU kernel: reads its named `inputs`, writes its preallocated named `outputs` in place. */
export type CpuKernel<K extends KernelName> = (
  inputs: KernelInputs<K, Float32Array>,
  outputs: KernelOutputs<K, Float32Array>,
  attrs: KernelAttrs[K],
) => void;

export type CpuKernelTable = { [K in KernelName]: CpuKernel<K> };

import type { KernelAttrs, KernelName } from '../../kernel_names.ts';

/** A CPU kernel: reads `inputs`, writes preallocated `outputs` in place. */
export type CpuKernel<K extends KernelName> = (
  inputs: readonly Float32Array[],
  outputs: readonly Float32Array[],
  attrs: KernelAttrs[K],
) => void;

export type CpuKernelTable = { [K in KernelName]: CpuKernel<K> };

/** The i-th array of a kernel's argument list; kernels are called with a fixed arity. */
export function arg(list: readonly Float32Array[], i: number): Float32Array {
  const a = list[i];
  if (!a) throw new Error(`kernel argument ${i} is missing`);
  return a;
}

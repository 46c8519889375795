/** The CPU backend: storages are Float32Arrays and kernels are plain loops over them. */
import type { Backend, Storage } from '../backend.ts';
import { mapArgs, type KernelAttrs, type KernelInputs, type KernelName, type KernelOutputs } from '../kernel_names.ts';
import { cpuKernels } from './kernels/index.ts';

export interface CpuStorage extends Storage {
  readonly backend: 'cpu';
  readonly data: Float32Array;
}

function cpuStorage(data: Float32Array): CpuStorage {
  return { backend: 'cpu', length: data.length, data };
}

/** The Float32Array behind a CPU storage. */
export function cpuData(storage: Storage): Float32Array {
  return (storage as CpuStorage).data;
}

export const cpuBackend: Backend = {
  name: 'cpu',
  alloc: (length) => cpuStorage(new Float32Array(length)),
  fromArray: (data) => cpuStorage(Float32Array.from(data)),
  write: (storage, data) => cpuData(storage).set(data),
  readSync: (storage) => cpuData(storage),
  read: (storage) => Promise.resolve(cpuData(storage)),
  free: () => {},
  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K, Storage>, outputs: KernelOutputs<K, Storage>, attrs: KernelAttrs[K]) {
    const fn = cpuKernels[kernel];
    fn(mapArgs(inputs, cpuData) as KernelInputs<K, Float32Array>, mapArgs(outputs, cpuData) as KernelOutputs<K, Float32Array>, attrs);
  },
};

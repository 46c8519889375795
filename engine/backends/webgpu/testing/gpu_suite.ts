/**
 * Test support: a describe block per GPU backend (skipped with the reason when there is none), and
 * running one kernel on the CPU and on the GPU with the same inputs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../backend.ts';
import { cpuKernels } from '../../cpu/kernels/index.ts';
import { mapArgs, type KernelAttrs, type KernelInputs, type KernelName, type KernelOutputs } from '../../kernel_names.ts';
import type { WebGpuBackend } from '../webgpu_backend.ts';

export { randomArray } from './random.ts';

/**
 * A describe block run against the backend from `createNodeBackend` (node_gpu.ts), or skipped with
 * the reason there is none. It fails if the GPU reported any error, and destroys the device after.
 */
export function describeWebGpu(
  setup: { backend: WebGpuBackend } | { reason: string },
  title: string,
  body: (backend: WebGpuBackend) => void,
): void {
  if (!('backend' in setup)) {
    describe.skip(`${title} (skipped: ${setup.reason})`, () => it('needs a WebGPU adapter'));
    return;
  }
  const { backend } = setup;
  describe(title, () => {
    const errors = collectGpuErrors(backend);
    afterAll(() => {
      expect(errors).toEqual([]);
      backend.destroy();
    });
    body(backend);
  });
}

/**
 * Runs `kernel` on the CPU and on `backend` with copies of the same named inputs and of the same
 * initial outputs (in-place kernels read them), and returns both sets of outputs, in the order
 * `outputs` names them.
 */
export async function runOnBoth<K extends KernelName>(
  backend: WebGpuBackend,
  kernel: K,
  inputs: KernelInputs<K, Float32Array>,
  outputs: KernelOutputs<K, Float32Array>,
  attrs: KernelAttrs[K],
): Promise<{ cpu: Float32Array[]; gpu: Float32Array[] }> {
  const copy = (a: Float32Array) => Float32Array.from(a);
  const cpuOutputs = mapArgs(outputs, copy) as KernelOutputs<K, Float32Array>;
  cpuKernels[kernel](mapArgs(inputs, copy) as KernelInputs<K, Float32Array>, cpuOutputs, attrs);
  const toGpu = (a: Float32Array) => backend.fromArray(a);
  const gpuInputs = mapArgs(inputs, toGpu);
  const gpuOutputs = mapArgs(outputs, toGpu);
  backend.run(kernel, gpuInputs as KernelInputs<K, Storage>, gpuOutputs as KernelOutputs<K, Storage>, attrs);
  const gpu = await Promise.all(Object.values<Storage>(gpuOutputs).map((o) => backend.read(o)));
  freeAll(backend, [...Object.values<Storage>(gpuInputs), ...Object.values<Storage>(gpuOutputs)]);
  return { cpu: Object.values<Float32Array>(cpuOutputs), gpu };
}

function freeAll(backend: WebGpuBackend, storages: readonly Storage[]): void {
  for (const storage of storages) backend.free(storage);
}

/** Collects what the backend reports through onLost, so a test can assert the GPU saw no error. */
function collectGpuErrors(backend: WebGpuBackend): string[] {
  const errors: string[] = [];
  backend.onLost((message) => errors.push(message));
  return errors;
}

/**
 * Test support: a describe block per GPU backend (skipped with the reason when there is none), and
 * running one kernel on the CPU and on the GPU with the same inputs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../backend.ts';
import { cpuKernels } from '../../cpu/kernels/index.ts';
import type { KernelAttrs, KernelName } from '../../kernel_names.ts';
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
 * Runs `kernel` on the CPU and on `backend` with copies of the same inputs and of the same
 * initial outputs (in-place kernels read them), and returns both sets of outputs.
 */
export async function runOnBoth<K extends KernelName>(
  backend: WebGpuBackend,
  kernel: K,
  inputs: readonly Float32Array[],
  outputs: readonly Float32Array[],
  attrs: KernelAttrs[K],
): Promise<{ cpu: Float32Array[]; gpu: Float32Array[] }> {
  const cpu = outputs.map((o) => Float32Array.from(o));
  cpuKernels[kernel](inputs.map((i) => Float32Array.from(i)), cpu, attrs);
  const gpuInputs = inputs.map((i) => backend.fromArray(i));
  const gpuOutputs = outputs.map((o) => backend.fromArray(o));
  backend.run(kernel, gpuInputs, gpuOutputs, attrs);
  const gpu = await Promise.all(gpuOutputs.map((o) => backend.read(o)));
  freeAll(backend, [...gpuInputs, ...gpuOutputs]);
  return { cpu, gpu };
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

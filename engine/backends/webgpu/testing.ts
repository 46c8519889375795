/**
 * Test support: a WebGPU backend in Node (Dawn from the `webgpu` package), and running one kernel
 * on the CPU and on the GPU with the same inputs. Without a GPU, Dawn runs on SwiftShader, the
 * Vulkan CPU driver Debian's chromium ships (scripts/install-system-deps.sh installs it).
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../backend.ts';
import { cpuKernels } from '../cpu/kernels/index.ts';
import type { KernelAttrs, KernelName } from '../kernel_names.ts';
import { createWebGpuBackend, type WebGpuBackend } from './webgpu_backend.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * A backend on Dawn, or why there is none. Unless VK_ICD_FILENAMES says otherwise, Vulkan is
 * pointed at SwiftShader when it is installed: the same software GPU on every machine and in CI.
 */
export async function createTestBackend(): Promise<{ backend: WebGpuBackend } | { reason: string }> {
  if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER_ICD)) {
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  }
  let gpu: GPU;
  try {
    const dawn = await import('webgpu');
    gpu = dawn.create([]);
  } catch (error) {
    return { reason: `the 'webgpu' package (Dawn for Node) did not load: ${String(error)}` };
  }
  const result = await createWebGpuBackend(gpu);
  if ('reason' in result) {
    return { reason: `${result.reason} (on a machine without a GPU, run scripts/install-system-deps.sh for SwiftShader)` };
  }
  return result;
}

/**
 * A describe block run against the backend from {@link createTestBackend}, or skipped with the
 * reason there is none. It fails if the GPU reported any error, and destroys the device after.
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

/** Deterministic uniform values in [lo, hi) (mulberry32), so failures reproduce. */
export function randomArray(length: number, seed: number, lo = -1, hi = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
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

export function freeAll(backend: WebGpuBackend, storages: readonly Storage[]): void {
  for (const storage of storages) backend.free(storage);
}

/**
 * Elementwise |actual - expected| <= atol * max(1, max|expected|) + rtol * |expected| (the
 * golden suite's rule), where NaN must meet NaN and an infinity the same infinity.
 */
export function expectNear(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol, rtol }: { atol: number; rtol: number },
): void {
  if (actual.length !== expected.length) throw new Error(`${what}: expected ${expected.length} values, got ${actual.length}`);
  let maxAbs = 1;
  for (let i = 0; i < expected.length; i++) if (Number.isFinite(expected[i])) maxAbs = Math.max(maxAbs, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= atol * maxAbs + rtol * Math.abs(e) : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
    if (!ok) throw new Error(`${what}[${i}]: got ${a}, expected ${e}`);
  }
}

/** Collects what the backend reports through onLost, so a test can assert the GPU saw no error. */
export function collectGpuErrors(backend: WebGpuBackend): string[] {
  const errors: string[] = [];
  backend.onLost((message) => errors.push(message));
  return errors;
}

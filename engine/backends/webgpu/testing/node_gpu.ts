/**
 * A WebGPU backend in Node, for tests and benchmarks: Dawn from the `webgpu` package. Without a
 * GPU, Dawn runs on SwiftShader, the Vulkan CPU driver Debian's chromium ships
 * (e2e/install-system-deps.sh installs it).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createWebGpuBackend, type WebGpuBackend } from '../webgpu_backend.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** Where the Vulkan loader finds the drivers installed system-wide (a GPU vendor's among them). */
const SYSTEM_ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/**
 * Vulkan drivers registered system-wide in `dirs`, leaving out Mesa's lavapipe (`lvp_icd*`), a
 * CPU driver that Dawn refuses: what a GPU machine has and a machine without one does not.
 *
 * @example
 * systemGpuDrivers(); // ['/usr/share/vulkan/icd.d/nvidia_icd.json'] on an NVIDIA machine, [] here
 */
export function systemGpuDrivers(dirs: readonly string[] = SYSTEM_ICD_DIRS): string[] {
  return dirs.flatMap((dir) => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json') && !name.startsWith('lvp_icd'))
      .map((name) => `${dir}/${name}`);
  });
}

/**
 * Dawn's GPU entry point, or why there is none. Unless VK_ICD_FILENAMES says otherwise, Vulkan is
 * pointed at SwiftShader when it is installed: the same software GPU on every machine and in CI.
 * `hardware` (benchmarks) leaves Vulkan to find a GPU's own driver where one is registered, and
 * falls back to SwiftShader where none is.
 */
export async function nodeGpu({ hardware = false } = {}): Promise<{ gpu: GPU } | { reason: string }> {
  const useGpuDriver = hardware && systemGpuDrivers().length > 0;
  if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER_ICD) && !useGpuDriver) {
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  }
  try {
    const dawn = await import('webgpu');
    return { gpu: dawn.create([]) };
  } catch (error) {
    return { reason: `the 'webgpu' package (Dawn for Node) did not load: ${String(error)}` };
  }
}

/** Why a Node run found no adapter, with the fix for machines without a GPU. */
export function withInstallHint(reason: string): string {
  return `${reason} (on a machine without a GPU, run e2e/install-system-deps.sh for SwiftShader)`;
}

/** A backend on Dawn (see {@link nodeGpu}), or why there is none. */
export async function createNodeBackend(): Promise<{ backend: WebGpuBackend } | { reason: string }> {
  const found = await nodeGpu();
  if ('reason' in found) return found;
  const result = await createWebGpuBackend(found.gpu);
  return 'reason' in result ? { reason: withInstallHint(result.reason) } : result;
}

/// <reference types="@webgpu/types" />
/**
 * Getting a GPUDevice, or one line saying why not: no WebGPU in this environment, no adapter,
 * or an adapter below the limits the kernels need. A lost device and uncaptured errors are
 * expected events, reported through one callback with a readable message.
 */

/** Limits the kernels rely on (the WebGPU defaults; compatibility-mode adapters may be lower). */
const REQUIRED_LIMITS = {
  // rnn_forward with biases binds 7 storage buffers.
  maxStorageBuffersPerShaderStage: 7,
  // matmul keeps two 16 x 64 float tiles in workgroup memory.
  maxComputeWorkgroupStorageSize: 8192,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 16,
  maxUniformBufferBindingSize: 256,
} as const;

export interface GpuDevice {
  device: GPUDevice;
  /**
   * The objects the device came from. Whoever keeps the device keeps these too: Dawn's Node
   * binding tears the device down when its GPU instance is garbage-collected.
   */
  origin: readonly [GPU, GPUAdapter];
  /** The adapter in words (vendor, architecture, description), for the UI and logs. */
  description: string;
}

/** Navigator's GPU where the environment has one (browsers, workers); Node has none. */
function environmentGpu(): GPU | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.gpu;
}

/** Requests an adapter and a device from `gpu` (default: navigator.gpu). */
export async function requestGpuDevice(gpu: GPU | undefined = environmentGpu()): Promise<GpuDevice | { reason: string }> {
  if (gpu === undefined) return { reason: 'WebGPU is not available here (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { reason: `WebGPU adapter request failed: ${errorText(error)}` };
  }
  if (adapter === null) return { reason: 'no WebGPU adapter is available (no usable GPU or driver)' };
  for (const [name, needed] of Object.entries(REQUIRED_LIMITS)) {
    const has = adapter.limits[name as keyof typeof REQUIRED_LIMITS];
    if (has < needed) return { reason: `the WebGPU adapter's ${name} is ${has}; the engine needs at least ${needed}` };
  }
  try {
    const device = await adapter.requestDevice({
      // Tensors may be as large as the adapter allows, not just the default 128 MiB.
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device, origin: [gpu, adapter], description: describe(adapter.info) };
  } catch (error) {
    return { reason: `WebGPU device request failed: ${errorText(error)}` };
  }
}

/**
 * Calls `report` once per problem: the device lost (unless `destroyed()` says it was destroyed on
 * purpose), or an error no one captured (a failed allocation or an invalid command).
 */
export function watchDevice(device: GPUDevice, destroyed: () => boolean, report: (message: string) => void): void {
  void device.lost.then((info) => {
    if (destroyed()) return;
    const detail = info.message === '' ? '' : `: ${info.message}`;
    report(`the WebGPU device was lost (${info.reason})${detail}`);
  });
  device.addEventListener('uncapturederror', (event) => {
    report(`WebGPU error: ${(event as GPUUncapturedErrorEvent).error.message}`);
  });
}

function describe(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.description].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : 'unknown adapter';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/// <reference types="@webgpu/types" />
/**
 * `navigator.gpu` as the engine sees it, keeping hold of the device it hands out so the e2e test
 * hook can destroy it: a real `GPUDevice.destroy()` the backend did not ask for fires
 * `device.lost`, the same path a driver reset takes. Nothing else about the GPU changes.
 */
export class LosableGpu {
  /** What to pass to `select_device` (undefined where there is no WebGPU). */
  readonly gpu: GPU | undefined;
  private device: GPUDevice | null = null;

  constructor(gpu: GPU | undefined) {
    this.gpu = gpu === undefined ? undefined : this.wrap(gpu);
  }

  /** Destroys the device handed out last; false when there is none. */
  lose(): boolean {
    const device = this.device;
    if (device === null) return false;
    this.device = null;
    device.destroy();
    return true;
  }

  private wrap(gpu: GPU): GPU {
    const requestAdapter = async (options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> => {
      const adapter = await gpu.requestAdapter(options);
      if (adapter === null) return null;
      const requestDevice = adapter.requestDevice.bind(adapter);
      adapter.requestDevice = async (descriptor?: GPUDeviceDescriptor) => {
        const device = await requestDevice(descriptor);
        this.device = device;
        return device;
      };
      return adapter;
    };
    // The engine only calls requestAdapter; anything else reads through to the real object.
    return Object.assign(Object.create(gpu) as GPU, { requestAdapter });
  }
}

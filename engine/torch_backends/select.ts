/// <reference types="@webgpu/types" />
/**
 * The app's device switch (Auto / CPU / WebGPU) in one call: the device to run on, and the
 * sentence to show when it is not the one asked for.
 */
import { device, type Device } from '../tensor/device.ts';
import { init } from './webgpu_control.ts';

/** What the user picked: `auto` takes WebGPU when it starts and the CPU otherwise. */
export type DevicePreference = 'auto' | 'cpu' | 'webgpu';

export interface DeviceChoice {
  /** Where to run. */
  device: Device;
  /** The adapter in words when running on WebGPU, else null. */
  adapter: string | null;
  /**
   * Why the device differs from the preference (one line for the UI), or null when it does not.
   * `auto` falling back to the CPU also gets one, so the user learns why the GPU is not used.
   */
  notice: string | null;
}

/**
 * Picks the device for a preference, starting WebGPU when it may be used. Never throws.
 *
 * @param preference `auto`, `cpu` or `webgpu`
 * @param gpu the WebGPU entry point (default `navigator.gpu`; Dawn's in Node)
 *
 * @example
 * const { device, notice } = await torch.backends.select_device('auto');
 * if (notice !== null) showNotice(notice);
 * model.to(device);
 */
export async function select_device(preference: DevicePreference, gpu?: GPU): Promise<DeviceChoice> {
  if (preference === 'cpu') return { device: device('cpu'), adapter: null, notice: null };
  const started = await init(gpu);
  if (started.ok) return { device: device('webgpu'), adapter: started.adapter, notice: null };
  const asked = preference === 'webgpu' ? 'WebGPU was selected, but ' : '';
  return { device: device('cpu'), adapter: null, notice: `${asked}${started.reason}; running on the CPU` };
}

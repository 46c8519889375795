/**
 * `torch.backends`: which devices can run, as PyTorch's `torch.backends.mps` says for Apple GPUs.
 *
 * @example
 * const started = await torch.backends.webgpu.init();
 * if (started.ok) model.to('webgpu');
 * else showNotice(`running on the CPU: ${started.reason}`);
 */
export * as webgpu from './webgpu_control.ts';
export * as cpu from './cpu_control.ts';
export { select_device, type DeviceChoice, type DevicePreference } from './select.ts';
export type { InitResult } from './webgpu_control.ts';

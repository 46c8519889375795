/// <reference types="@webgpu/types" />
/**
 * `torch.backends.webgpu`: starting the WebGPU backend, knowing whether it runs, and hearing when
 * the GPU is lost. A lost device is an expected event (a driver reset, a tab in the background
 * too long): the backend is unregistered at once and every subscriber gets one readable message,
 * so the app can move the run to the CPU and tell the user why.
 */
import { registerBackend, unregisterBackend } from '../backends/registry.ts';
import { createWebGpuBackend, type WebGpuBackend } from '../backends/webgpu/webgpu_backend.ts';

/** What `init()` gives: the adapter in words, or in one line why WebGPU cannot be used. */
export type InitResult = { ok: true; adapter: string } | { ok: false; reason: string };

let active: WebGpuBackend | null = null;
let starting: Promise<InitResult> | null = null;
const lostListeners = new Set<(message: string) => void>();

/**
 * Whether `torch.device('webgpu')` can be used now: `init()` succeeded and the device has not
 * been lost or released since. (Finding an adapter is asynchronous, so this cannot probe.)
 *
 * @example
 * if (!torch.backends.webgpu.is_available()) await torch.backends.webgpu.init();
 */
export function is_available(): boolean {
  return active !== null;
}

/**
 * Starts the WebGPU backend on `gpu` (default: `navigator.gpu`; in Node, Dawn's `create([])`)
 * and registers it for the 'webgpu' device. Calling it again while it runs is a no-op that
 * answers `ok`; concurrent calls share one start. Never throws: a missing `navigator.gpu`, no
 * adapter or an adapter below the limits the kernels need come back as `{ ok: false, reason }`.
 *
 * @example
 * const started = await torch.backends.webgpu.init();
 * const device = torch.device(started.ok ? 'webgpu' : 'cpu');
 */
export function init(gpu?: GPU): Promise<InitResult> {
  if (active !== null) return Promise.resolve({ ok: true, adapter: active.description });
  starting ??= start(gpu).finally(() => (starting = null));
  return starting;
}

async function start(gpu: GPU | undefined): Promise<InitResult> {
  const created = await createWebGpuBackend(gpu);
  if ('reason' in created) return { ok: false, reason: created.reason };
  const { backend } = created;
  active = backend;
  registerBackend(backend);
  backend.onLost((message) => {
    // A backend released on purpose, or replaced by a later init(), reports nothing.
    if (active !== backend) return;
    active = null;
    unregisterBackend('webgpu');
    for (const listener of [...lostListeners]) listener(message);
  });
  return { ok: true, adapter: backend.description };
}

/**
 * Calls `callback(message)` when the running WebGPU backend is lost (device lost, or a GPU error
 * no one caught). By then the backend is unregistered: tensors on 'webgpu' can no longer be read
 * or computed, so keep a CPU copy of anything you want to survive (weights, say). Subscriptions
 * outlive a restart by `init()`. Returns a function that unsubscribes.
 *
 * @example
 * torch.backends.webgpu.onLost((message) => notice(`GPU lost (${message}); continuing on the CPU`));
 */
export function onLost(callback: (message: string) => void): () => void {
  lostListeners.add(callback);
  return () => void lostListeners.delete(callback);
}

/**
 * Stops the backend and frees its GPU memory (switching the app to the CPU, ending a test).
 * Tensors still on 'webgpu' become unusable; `onLost` subscribers are not called.
 *
 * @example
 * await model.to_async('cpu');
 * torch.backends.webgpu.release();
 */
export function release(): void {
  const backend = active;
  if (backend === null) return;
  active = null;
  unregisterBackend('webgpu');
  backend.destroy();
}

/**
 * Which backend serves which device. The CPU backend is always there; others (WebGPU) are
 * registered once they have been created, with the reason when they could not be.
 */
import { TorchError } from '../errors.ts';
import type { Backend, BackendName } from './backend.ts';
import { cpuBackend } from './cpu/cpu_backend.ts';

const backends = new Map<BackendName, Backend>([['cpu', cpuBackend]]);

/** Makes `backend` serve tensors on its device. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** Removes a backend (a lost GPU): tensors on it can no longer run. */
export function unregisterBackend(name: BackendName): void {
  if (name !== 'cpu') backends.delete(name);
}

/** The backend for a device type, or a clear error when it is not available. */
export function getBackend(name: BackendName): Backend {
  const backend = backends.get(name);
  if (backend === undefined) {
    throw new TorchError(
      `The '${name}' backend is not available: call 'await torch.backends.webgpu.init()' first, ` +
        `or use torch.device('cpu')`,
    );
  }
  return backend;
}

export function hasBackend(name: BackendName): boolean {
  return backends.has(name);
}

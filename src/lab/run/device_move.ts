/**
 * Moving a run between the CPU and WebGPU without losing it: the same config rebuilt on the other
 * device, then the plain checkpoint (weights, optimizer state, both random streams, step) restored.
 * This is how the backend switch works, and how a lost GPU falls back to the CPU.
 */
import { torch } from 'engine';
import { Experiment, type RunCheckpoint, type RunDevice } from './experiment.ts';

export interface DeviceChoice {
  device: RunDevice;
  /** The adapter in words on WebGPU, else null. */
  adapter: string | null;
  /** Why the run is not where the user asked (one line), or null. */
  notice: string | null;
}

/** Which device a preference gets here (starting WebGPU if it may be used). Never throws. */
export async function chooseDevice(preference: torch.backends.DevicePreference, gpu: GPU | undefined): Promise<DeviceChoice> {
  const choice = await torch.backends.select_device(preference, gpu);
  const device: RunDevice = choice.device.type === 'webgpu' ? 'webgpu' : 'cpu';
  return { device, adapter: choice.adapter, notice: choice.notice };
}

/** `checkpoint` restored into a fresh run of `config` on `device`. */
export function rebuildOn(config: Experiment['config'], device: RunDevice, checkpoint: RunCheckpoint): Experiment {
  const created = Experiment.create(config, device);
  // The config already built once on the other device, so the task accepts it.
  if (!created.ok) throw new Error(created.errors.map((e) => e.message).join(' '));
  created.data.restore(checkpoint);
  return created.data;
}

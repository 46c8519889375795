/** Devices by name, like `torch.device('cpu')`. */
import type { BackendName } from '../backends/backend.ts';
import { check } from '../errors.ts';

export class Device {
  private constructor(readonly type: BackendName) {}

  private static readonly instances = new Map<BackendName, Device>();

  /** The one Device object per type, so devices compare with `===`. */
  static of(type: BackendName): Device {
    let d = Device.instances.get(type);
    if (d === undefined) {
      d = new Device(type);
      Device.instances.set(type, d);
    }
    return d;
  }

  toString(): string {
    return this.type;
  }
}

export type DeviceLike = Device | BackendName;

/**
 * A device by name.
 *
 * @example
 * const cpu = torch.device('cpu');
 */
export function device(type: DeviceLike): Device {
  if (type instanceof Device) return type;
  check(type === 'cpu' || type === 'webgpu', () =>
    `Expected one of cpu, webgpu device type at start of device string: ${String(type)}`,
  );
  return Device.of(type);
}

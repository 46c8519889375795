/** Where training runs: the user's backend choice, what the worker reports running, and why not. */
import type { BackendStatus, DevicePreference } from '../lab/host/protocol.ts';
import type { SliceCreator } from './types.ts';

export interface DeviceSlice {
  /**
   * Auto / CPU / WebGPU. Not in the link: the device is the viewer's machine, not the experiment,
   * and a link replays on the CPU either way (bit-identical losses).
   */
  devicePreference: DevicePreference;
  /** What the worker last reported running (with the CPU/GPU parity on WebGPU). */
  backend: BackendStatus;
  /** Why the run is not on the device asked for, or had to leave it. */
  deviceNotice: string | null;
  setDevicePreference: (preference: DevicePreference) => void;
  dismissDeviceNotice: () => void;
}

export const createDeviceSlice: SliceCreator<DeviceSlice> = (lab) => (set, get) => ({
  devicePreference: 'cpu',
  backend: { device: 'cpu', adapter: null, parity: null, threads: 1 },
  deviceNotice: null,
  setDevicePreference: (devicePreference) => {
    if (devicePreference === get().devicePreference) return;
    set({ devicePreference, deviceNotice: null });
    void lab.setDevice(devicePreference);
  },
  dismissDeviceNotice: () => set({ deviceNotice: null }),
});

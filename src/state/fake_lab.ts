/** A LabPort for the store's tests: every call answers at once; `overrides` replace the calls a test watches. */
import type { LabPort } from '../lab/client/lab_port.ts';

export function fakeLabPort(overrides: Partial<LabPort> = {}): LabPort {
  return {
    load: async (_, replay) => ({ ok: true, step: replay, probeCount: 128 }),
    change: async () => null,
    restorePrevious: async () => null,
    play: () => {},
    pause: () => {},
    step: async () => ({ step: 1 }),
    setSpeed: () => {},
    selectExample: () => {},
    setTemperature: () => {},
    setDevice: async () => {},
    exportPytorch: async () => null,
    openCheckpoint: async () => ({ ok: false, message: 'no checkpoints in this fake' }),
    restart: () => {},
    inspectModelFile: async () => ({ ok: false, message: 'no model files in this fake' }),
    openModel: async () => ({ ok: false, message: 'no model files in this fake' }),
    ...overrides,
  };
}

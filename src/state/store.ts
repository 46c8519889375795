/**
 * The app's one store: config, run, playback, view and device slices combined, middleware applied once
 * here (subscribeWithSelector, for the URL sync). Framework-free: React binds through `useApp`.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { LabPort, LabSink } from '../lab/client/lab_port.ts';
import { createCheckpointSlice } from './checkpoint_slice.ts';
import { createConfigSlice } from './config_slice.ts';
import { createDeviceSlice } from './device_slice.ts';
import { createPlaybackSlice } from './playback_slice.ts';
import { createRunSlice } from './run_slice.ts';
import type { AppState } from './types.ts';
import { createViewSlice } from './view_slice.ts';

/** `connect` starts the lab with a sink that feeds this store (the worker client, or a fake). */
export function createAppStore(connect: (sink: LabSink) => LabPort) {
  return createStore<AppState>()(
    subscribeWithSelector((...a) => {
      const [, get] = a;
      const lab = connect({
        event: (e) => get().receive(e),
        restarted: (reason) => get().workerRestarted(reason),
        failed: (reason) => get().workerFailed(reason),
      });
      return {
        ...createConfigSlice(lab)(...a),
        ...createRunSlice(lab)(...a),
        ...createPlaybackSlice(lab)(...a),
        ...createViewSlice(lab)(...a),
        ...createDeviceSlice(lab)(...a),
        ...createCheckpointSlice(lab)(...a),
      };
    }),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The combined store's type, shared by the slices (each slice sees the whole store via `get`). */
import type { StateCreator } from 'zustand';
import type { LabPort } from '../lab/worker_client.ts';
import type { ConfigSlice } from './configSlice.ts';
import type { DeviceSlice } from './deviceSlice.ts';
import type { PlaybackSlice } from './playbackSlice.ts';
import type { RunSlice } from './runSlice.ts';
import type { ViewSlice } from './viewSlice.ts';

export type AppState = ConfigSlice & RunSlice & PlaybackSlice & ViewSlice & DeviceSlice;

/** A slice creator that talks to the lab; middleware is applied once, on the combined store. */
export type SliceCreator<Slice> = (lab: LabPort) => StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], Slice>;

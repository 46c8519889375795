/** The combined store's type, shared by the slices (each slice sees the whole store via `get`). */
import type { StateCreator } from 'zustand';
import type { LabPort } from '../lab/client/lab_port.ts';
import type { CheckpointSlice } from './checkpoint_slice.ts';
import type { ConfigSlice } from './config_slice.ts';
import type { DeviceSlice } from './device_slice.ts';
import type { PlaybackSlice } from './playback_slice.ts';
import type { RunSlice } from './run_slice.ts';
import type { ViewSlice } from './view_slice.ts';

export type AppState = ConfigSlice & RunSlice & PlaybackSlice & ViewSlice & DeviceSlice & CheckpointSlice;

/** A slice creator that talks to the lab; middleware is applied once, on the combined store. */
export type SliceCreator<Slice> = (lab: LabPort) => StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], Slice>;

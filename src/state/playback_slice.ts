/** Stepping through time: which held-out example, which timestep, forward or backward pass. */
import type { Mode } from '../lab/run/probes.ts';
import { DEFAULT_TEMPERATURE } from '../lab/tasks/sampling.ts';
import type { SliceCreator } from './types.ts';

export interface PlaybackSlice {
  mode: Mode;
  /** Timestep under the cursor (clamp with `cursorOf` when reading). */
  cursor: number;
  exampleIndex: number;
  /** Backward starts at the last timestep, where dL/dh_t starts flowing back; forward at the first. */
  setMode: (mode: Mode) => void;
  setCursor: (t: number) => void;
  moveCursor: (delta: number) => void;
  selectExample: (index: number) => void;
  /** Softmax temperature of the text a character model writes. */
  temperature: number;
  setTemperature: (temperature: number) => void;
  /** Writes a new text at the current temperature. */
  regenerate: () => void;
}

/** Steps the current probe covers. */
function stepsOf(state: { frame: { probe: { length: number } } | null }): number {
  return state.frame?.probe.length ?? 1;
}

/** The cursor within the current example (a shorter example after a change clamps it). */
export function cursorOf(state: { cursor: number; frame: { probe: { length: number } } | null }): number {
  return Math.max(0, Math.min(state.cursor, stepsOf(state) - 1));
}

export const createPlaybackSlice: SliceCreator<PlaybackSlice> = (lab) => (set, get) => ({
  mode: 'forward',
  cursor: 0,
  exampleIndex: 0,
  temperature: DEFAULT_TEMPERATURE,
  setTemperature: (temperature) => {
    set({ temperature });
    lab.setTemperature(temperature);
  },
  regenerate: () => lab.setTemperature(get().temperature, true),
  setMode: (mode) => set({ mode, cursor: mode === 'backward' ? stepsOf(get()) - 1 : 0 }),
  setCursor: (t) => set({ cursor: Math.max(0, Math.min(Math.round(t), stepsOf(get()) - 1)) }),
  moveCursor: (delta) => get().setCursor(cursorOf(get()) + delta),
  selectExample: (index) => {
    const count = Math.max(1, get().probeCount);
    const i = Math.max(0, Math.min(Math.round(index), count - 1));
    set({ exampleIndex: i });
    lab.selectExample(i);
  },
});

/** Opening a checkpoint the exported script wrote: the run continues in the app at its step. */
import { MAX_CHECKPOINT_BYTES } from '../lab/config/file_limits.ts';
import type { SliceCreator } from './types.ts';

export interface CheckpointSlice {
  /** Why the last file could not be opened (the run was kept), until dismissed. */
  checkpointError: string | null;
  /** Restores the run from a checkpoint file; the config becomes the checkpoint's. */
  openCheckpoint: (file: Blob) => Promise<void>;
  dismissCheckpointError: () => void;
}

export const createCheckpointSlice: SliceCreator<CheckpointSlice> = (lab) => (set, get) => ({
  checkpointError: null,
  openCheckpoint: async (file) => {
    // Bounded before reading: a huge file is refused without loading it into memory.
    if (file.size > MAX_CHECKPOINT_BYTES) {
      set({ checkpointError: `The file has ${file.size} bytes; a checkpoint of this app is at most ${MAX_CHECKPOINT_BYTES} bytes.` });
      return;
    }
    set({ playing: false, checkpointError: null });
    const outcome = await lab.openCheckpoint(new Uint8Array(await file.arrayBuffer()), get().devicePreference);
    if ('superseded' in outcome) return;
    if (!outcome.ok) {
      set({ checkpointError: outcome.message });
      return;
    }
    set({
      config: outcome.config,
      status: 'ready',
      taskErrors: [],
      problem: null,
      replay: null,
      cursor: 0,
      probeCount: outcome.probeCount,
      changeNote: `Opened a checkpoint trained in PyTorch: step ${outcome.step}. Play or Step continues from there.`,
    });
  },
  dismissCheckpointError: () => set({ checkpointError: null }),
});

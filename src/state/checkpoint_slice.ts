/**
 * Opening files: a checkpoint that the exported script wrote (the run continues in the app at its
 * step), or a model trained anywhere (`.pt`, `.pth`, `.safetensors`): the worker lists the models
 * it holds, the user picks one and its nonlinearity, and the run becomes that model at step 0.
 */
import { MAX_CHECKPOINT_BYTES, MAX_MODEL_FILE_BYTES, modelFileTooLarge } from '../lab/config/file_limits.ts';
import type { CheckpointOutcome, InspectOutcome } from '../lab/host/protocol.ts';
import type { AppState, SliceCreator } from './types.ts';

/** A read model file, waiting in the open-a-model dialog for the user's choice. */
export type ModelFileChoice = Omit<Extract<InspectOutcome, { kind: 'models' }>, 'ok' | 'kind'>;

export interface CheckpointSlice {
  /** Why the last file could not be opened (the run was kept), until dismissed. */
  checkpointError: string | null;
  /** Restores the run from a checkpoint file; the config becomes the checkpoint's. */
  openCheckpoint: (file: Blob) => Promise<void>;
  dismissCheckpointError: () => void;
  /** The model file the open dialog shows, until a model is opened or the dialog is closed. */
  modelFile: ModelFileChoice | null;
  /** True while a file is read or a model opened. */
  openingFile: boolean;
  /** Any file the app opens: its own checkpoint goes straight in, a model file opens the dialog. */
  openFile: (file: File) => Promise<void>;
  /** Opens model `index` of the dialog's file with the chosen nonlinearity. */
  openModel: (index: number, nonlinearity: 'tanh' | 'relu') => Promise<void>;
  closeModelFile: () => void;
}

export const createCheckpointSlice: SliceCreator<CheckpointSlice> = (lab) => (set, get) => {
  /** The run that `outcome` restored, with a note saying where it came from. */
  const landed = (outcome: CheckpointOutcome, note: (step: number) => string): void => {
    if ('superseded' in outcome) return;
    if (!outcome.ok) {
      set({ checkpointError: outcome.message });
      return;
    }
    const next: Partial<AppState> = {
      config: outcome.config,
      status: 'ready',
      taskErrors: [],
      problem: null,
      replay: null,
      cursor: 0,
      probeCount: outcome.probeCount,
      changeNote: note(outcome.step),
    };
    set(next);
  };
  const restore = async (bytes: Uint8Array) => {
    landed(await lab.openCheckpoint(bytes, get().devicePreference), (step) => `Opened a checkpoint trained in PyTorch: step ${step}. Play or Step continues from there.`);
  };
  return {
    checkpointError: null,
    modelFile: null,
    openingFile: false,
    openCheckpoint: async (file) => {
      // Bounded before reading: a huge file is refused without loading it into memory.
      if (file.size > MAX_CHECKPOINT_BYTES) {
        set({ checkpointError: `The file has ${file.size} bytes; a checkpoint of this app is at most ${MAX_CHECKPOINT_BYTES} bytes.` });
        return;
      }
      set({ playing: false, checkpointError: null });
      await restore(new Uint8Array(await file.arrayBuffer()));
    },
    dismissCheckpointError: () => set({ checkpointError: null }),
    openFile: async (file) => {
      if (file.size > MAX_MODEL_FILE_BYTES) {
        set({ checkpointError: modelFileTooLarge(file.name, file.size), modelFile: null });
        return;
      }
      set({ checkpointError: null, modelFile: null, openingFile: true });
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const inspected = await lab.inspectModelFile(bytes, file.name);
        if (!inspected.ok) set({ checkpointError: inspected.message });
        else if (inspected.kind === 'checkpoint') {
          set({ playing: false });
          await restore(bytes);
        } else {
          const { fileName, choices, misfits, notes } = inspected;
          set({ modelFile: { fileName, choices, misfits, notes } });
        }
      } finally {
        set({ openingFile: false });
      }
    },
    openModel: async (index, nonlinearity) => {
      const file = get().modelFile;
      if (file === null) return;
      set({ playing: false, checkpointError: null, openingFile: true });
      try {
        const outcome = await lab.openModel(index, nonlinearity, get().devicePreference);
        set({ modelFile: null });
        landed(outcome, () =>
          `Opened ${file.choices[index]?.summary ?? 'the model'} from ${file.fileName}, with ${nonlinearity}, at step 0. ` +
          'Step through time below; Play trains it further. A link to this run starts from fresh weights: it does not carry the opened ones.',
        );
      } finally {
        set({ openingFile: false });
      }
    },
    closeModelFile: () => set({ modelFile: null }),
  };
};

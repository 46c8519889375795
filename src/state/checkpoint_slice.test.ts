import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../lab/config/schema.ts';
import type { CheckpointOutcome } from '../lab/host/protocol.ts';
import { MAX_CHECKPOINT_BYTES } from '../lab/config/file_limits.ts';
import { fakeLabPort } from './fake_lab.ts';
import { createAppStore } from './store.ts';

function storeWith(outcome: CheckpointOutcome) {
  const opened: number[] = [];
  const lab = fakeLabPort({
    openCheckpoint: async (bytes) => {
      opened.push(bytes.byteLength);
      return outcome;
    },
  });
  return { store: createAppStore(() => lab), opened };
}

describe('opening a checkpoint from the store', () => {
  it('takes the checkpoint config and says at which step the run now is', async () => {
    const config = { ...defaultConfig('echo'), seed: 9 };
    const { store, opened } = storeWith({ ok: true, config, step: 27, probeCount: 64 });
    await store.getState().openCheckpoint(new Blob([new Uint8Array(10)]));
    expect(opened).toEqual([10]);
    const s = store.getState();
    expect(s.config).toEqual(config);
    expect(s.status).toBe('ready');
    expect(s.probeCount).toBe(64);
    expect(s.changeNote).toContain('step 27');
    expect(s.checkpointError).toBeNull();
  });

  it('keeps the config and shows why when the file cannot be used', async () => {
    const { store } = storeWith({ ok: false, message: 'The checkpoint cannot be opened: step is -1.' });
    const before = store.getState().config;
    await store.getState().openCheckpoint(new Blob([new Uint8Array(3)]));
    expect(store.getState().config).toBe(before);
    expect(store.getState().checkpointError).toContain('step is -1');
    store.getState().dismissCheckpointError();
    expect(store.getState().checkpointError).toBeNull();
  });

  it('refuses a file over the size limit without reading it or asking the worker', async () => {
    const { store, opened } = storeWith({ ok: false, message: 'unreached' });
    const huge = { size: MAX_CHECKPOINT_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob;
    await store.getState().openCheckpoint(huge);
    expect(opened).toEqual([]);
    expect(store.getState().checkpointError).toContain(`at most ${MAX_CHECKPOINT_BYTES} bytes`);
  });
});

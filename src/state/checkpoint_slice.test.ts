import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../lab/config/schema.ts';
import type { CheckpointOutcome } from '../lab/host/protocol.ts';
import { MAX_CHECKPOINT_BYTES, MAX_MODEL_FILE_BYTES } from '../lab/config/file_limits.ts';
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

describe('opening a model file from the store', () => {
  const choices = [{ summary: 'nn.RNN(3, 8) at encoder.rnn, no Linear head', problem: null, plan: 'It runs on "Your numbers".' }];
  const file = (n: number, name = 'model.pt') => new File([new Uint8Array(n)], name);

  it('shows what the file holds, then opens the chosen model with the chosen nonlinearity', async () => {
    const config = { ...defaultConfig('custom_numbers'), seed: 4 };
    const calls: unknown[] = [];
    const lab = fakeLabPort({
      inspectModelFile: async (bytes, name) => {
        calls.push(['inspect', bytes.byteLength, name]);
        return { ok: true, kind: 'models', fileName: name, choices, misfits: [], notes: [] };
      },
      openModel: async (index, nonlinearity) => {
        calls.push(['open', index, nonlinearity]);
        return { ok: true, config, step: 0, probeCount: 128 };
      },
    });
    const store = createAppStore(() => lab);
    const before = store.getState().config;
    await store.getState().openFile(file(7));
    expect(store.getState().modelFile).toEqual({ fileName: 'model.pt', choices, misfits: [], notes: [] });
    expect(store.getState().config).toBe(before);
    await store.getState().openModel(0, 'relu');
    expect(calls).toEqual([['inspect', 7, 'model.pt'], ['open', 0, 'relu']]);
    const s = store.getState();
    expect(s.config).toEqual(config);
    expect(s.modelFile).toBeNull();
    expect(s.changeNote).toContain('Opened nn.RNN(3, 8) at encoder.rnn, no Linear head from model.pt, with relu, at step 0');
  });

  it("sends the app's own checkpoint down the checkpoint path, with the same bytes", async () => {
    const opened: number[] = [];
    const lab = fakeLabPort({
      inspectModelFile: async () => ({ ok: true, kind: 'checkpoint' }),
      openCheckpoint: async (bytes) => {
        opened.push(bytes.byteLength);
        return { ok: true, config: defaultConfig('echo'), step: 12, probeCount: 64 };
      },
    });
    const store = createAppStore(() => lab);
    await store.getState().openFile(file(5, 'checkpoint.pt'));
    expect(opened).toEqual([5]);
    expect(store.getState().changeNote).toContain('step 12');
    expect(store.getState().modelFile).toBeNull();
  });

  it('keeps the run and says why for a file the worker refuses, and for one over 200 MB without reading it', async () => {
    const inspected: string[] = [];
    const lab = fakeLabPort({
      inspectModelFile: async (_, name) => {
        inspected.push(name);
        return { ok: false, message: `No RNN weights found in ${name}.` };
      },
    });
    const store = createAppStore(() => lab);
    const before = store.getState().config;
    await store.getState().openFile(file(3, 'linear.pt'));
    expect(store.getState().checkpointError).toBe('No RNN weights found in linear.pt.');
    const huge = { name: 'huge.pt', size: MAX_MODEL_FILE_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as File;
    await store.getState().openFile(huge);
    expect(inspected).toEqual(['linear.pt']);
    expect(store.getState().checkpointError).toBe(`huge.pt has ${MAX_MODEL_FILE_BYTES + 1} bytes; the app opens model files up to ${MAX_MODEL_FILE_BYTES} bytes (200 MB).`);
    expect(store.getState().config).toBe(before);
    expect(store.getState().openingFile).toBe(false);
  });
});

import { useRef, useState, type ChangeEvent } from 'react';
import { useApp } from '../state/useApp.ts';

/** Opens a checkpoint.pt that the exported experiment.py wrote: the run continues here at its step. */
export function OpenCheckpointButton() {
  const openCheckpoint = useApp((s) => s.openCheckpoint);
  const loading = useApp((s) => s.status === 'loading' || s.status === 'replaying');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const chosen = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared, so choosing the same file again opens it again.
    e.target.value = '';
    if (file === undefined) return;
    setBusy(true);
    try {
      await openCheckpoint(file);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={loading || busy}
        data-testid="open-checkpoint"
        title="Open a checkpoint (.pt) that the exported experiment.py saved: the run continues here at its step, with its weights"
      >
        {busy ? 'Opening…' : 'Open checkpoint'}
      </button>
      <input ref={input} type="file" accept=".pt" hidden onChange={(e) => void chosen(e)} data-testid="open-checkpoint-file" aria-label="Checkpoint file" />
    </>
  );
}

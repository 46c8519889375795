import { useState } from 'react';
import { useApp } from '../state/useApp.ts';

/** Hands `bytes` to the browser as a file download named `name`. */
function download(bytes: Uint8Array, name: string): void {
  // A copy in a fresh ArrayBuffer: Blob wants plain ArrayBuffer-backed views.
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoked later, not at once: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the run as PyTorch: a script, its weights and the next batches, to carry on outside the browser. */
export function ExportButton() {
  const ready = useApp((s) => s.status === 'ready');
  const task = useApp((s) => s.config.task);
  const exportPytorch = useApp((s) => s.exportPytorch);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const bytes = await exportPytorch();
      if (bytes !== null) download(bytes, `rnn-playground-${task}-pytorch.zip`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      onClick={() => void run()}
      disabled={!ready || busy}
      data-testid="export-pytorch"
      title="Download a PyTorch script with this run's weights and its next batches, to train the same experiment outside the browser"
    >
      {busy ? 'Exporting…' : 'Export to PyTorch'}
    </button>
  );
}

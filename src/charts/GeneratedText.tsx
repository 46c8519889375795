import { visibleChar } from '../lab/tasks/decode.ts';

interface GeneratedTextProps {
  /** The generated text. */
  text: string;
  /** Softmax temperature the text was written at. */
  temperature: number;
  onTemperature: (temperature: number) => void;
  onGenerate: () => void;
  /** While a text is being written, the button waits. */
  busy?: boolean;
}

/** Generated text with its temperature control: low is cautious and repetitive, high is adventurous. */
export function GeneratedText({ text, temperature, onTemperature, onGenerate, busy = false }: GeneratedTextProps) {
  return (
    <div style={{ font: '13px system-ui, sans-serif' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 6 }}>
        <label style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
          temperature
          <input type="range" min={0.1} max={2} step={0.05} value={temperature} onChange={(e) => onTemperature(Number(e.target.value))} aria-label="sampling temperature" />
          <output style={{ minWidth: '3ch', fontVariantNumeric: 'tabular-nums' }}>{temperature.toFixed(2)}</output>
        </label>
        <button type="button" onClick={onGenerate} disabled={busy}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </div>
      <pre
        style={{ margin: 0, padding: '6px 8px', background: '#f6f6f6', border: '1px solid #ddd', borderRadius: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-word', font: '13px ui-monospace, monospace', minHeight: '2.6em' }}
        aria-live="polite"
      >
        {text.length === 0 ? <span style={{ color: '#888' }}>Press Generate to sample from the model.</span> : Array.from(text, (ch) => (ch === '\n' ? '⏎\n' : ch === '\t' ? visibleChar(ch) : ch)).join('')}
      </pre>
    </div>
  );
}

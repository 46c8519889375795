import { GeneratedText } from '../charts/GeneratedText.tsx';
import { useApp } from '../state/useApp.ts';

/** What a character model writes on its own, refreshed about once a second while it trains. */
export function SampleText() {
  const sample = useApp((s) => s.snapshot?.sample);
  const step = useApp((s) => s.snapshot?.step ?? 0);
  const temperature = useApp((s) => s.temperature);
  const setTemperature = useApp((s) => s.setTemperature);
  const resample = useApp((s) => s.resample);
  if (sample === undefined) return null;
  return (
    <section className="card wide sample" aria-label="Generated text">
      <h3>The model writes on its own (after {step} steps)</h3>
      <div data-testid="sample">
        <GeneratedText
          text={sample}
          temperature={temperature}
          onTemperature={setTemperature}
          onGenerate={resample}
        />
      </div>
    </section>
  );
}

import { GeneratedText } from '../charts/GeneratedText.tsx';
import { useApp } from '../state/useApp.ts';

/** What a character model writes on its own, refreshed about once a second while it trains. */
export function GeneratedTextCard() {
  const text = useApp((s) => s.frame?.generatedText);
  const step = useApp((s) => s.frame?.step ?? 0);
  const temperature = useApp((s) => s.temperature);
  const setTemperature = useApp((s) => s.setTemperature);
  const regenerate = useApp((s) => s.regenerate);
  if (text === undefined) return null;
  return (
    <section className="card wide generated" aria-label="Generated text">
      <h3>The model writes on its own (after {step} steps)</h3>
      <div data-testid="generated-text">
        <GeneratedText
          text={text}
          temperature={temperature}
          onTemperature={setTemperature}
          onGenerate={regenerate}
        />
      </div>
    </section>
  );
}

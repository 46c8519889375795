import { useApp } from '../state/useApp.ts';

/** What a character model writes on its own, refreshed about once a second while it trains. */
export function SampleText() {
  const sample = useApp((s) => s.snapshot?.sample);
  const step = useApp((s) => s.snapshot?.step ?? 0);
  if (sample === undefined) return null;
  return (
    <section className="card wide sample" aria-label="Generated text">
      <h3>
        The model writes (sampled at temperature 0.8, after {step} steps)
      </h3>
      <pre data-testid="sample">{sample}</pre>
    </section>
  );
}

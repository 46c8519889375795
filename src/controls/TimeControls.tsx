import { cursorOf } from '../state/playback_slice.ts';
import { useApp } from '../state/useApp.ts';
import type { Mode } from '../lab/run/probes.ts';

/** Example picker, forward/backward mode, and the timestep cursor (buttons, slider; arrows anywhere). */
export function TimeControls() {
  const mode = useApp((s) => s.mode);
  const cursor = useApp(cursorOf);
  const steps = useApp((s) => s.frame?.probe.length ?? 1);
  const example = useApp((s) => s.exampleIndex);
  const count = useApp((s) => s.probeCount);
  const setMode = useApp((s) => s.setMode);
  const setCursor = useApp((s) => s.setCursor);
  const moveCursor = useApp((s) => s.moveCursor);
  const selectExample = useApp((s) => s.selectExample);
  const modes: { id: Mode; label: string; help: string }[] = [
    { id: 'forward', label: 'Forward', help: 'Activations: x_t in, h_t per layer, prediction out' },
    { id: 'backward', label: 'Backward', help: 'Gradients: dL/dh_t flowing back from the last step' },
  ];
  return (
    <div className="time-controls">
      <label title="Which held-out example the views show">
        Example
        <input
          type="number"
          min={0}
          max={Math.max(0, count - 1)}
          value={example}
          onChange={(e) => selectExample(Number(e.target.value))}
          data-testid="example"
        />
      </label>
      <div role="radiogroup" aria-label="Pass" className="modes">
        {modes.map((m) => (
          <label key={m.id} title={m.help} className={mode === m.id ? 'on' : ''}>
            <input type="radio" name="mode" value={m.id} checked={mode === m.id} onChange={() => setMode(m.id)} data-testid={`mode-${m.id}`} />
            {m.label}
          </label>
        ))}
      </div>
      <button type="button" onClick={() => moveCursor(-1)} disabled={cursor <= 0} aria-label="Previous timestep" data-testid="t-prev">
        ◀
      </button>
      <input
        type="range"
        min={0}
        max={steps - 1}
        value={cursor}
        onChange={(e) => setCursor(Number(e.target.value))}
        aria-label="Timestep"
        aria-valuetext={`t = ${cursor} of ${steps - 1}`}
        data-testid="t-slider"
        className="t-slider"
      />
      <button type="button" onClick={() => moveCursor(1)} disabled={cursor >= steps - 1} aria-label="Next timestep" data-testid="t-next">
        ▶
      </button>
      <output data-testid="t-value" aria-live="polite">
        t = {cursor} / {steps - 1}
      </output>
    </div>
  );
}

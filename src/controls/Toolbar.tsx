import { TASKS } from '../lab/tasks/index.ts';
import { SPEEDS } from '../state/run_slice.ts';
import { useApp } from '../state/useApp.ts';
import { BackendSwitch } from './BackendSwitch.tsx';
import { ExportButton } from './ExportButton.tsx';
import { OpenCheckpointButton } from './OpenCheckpointButton.tsx';
import { formatLoss, formatMetric, metricName } from '../format/metric.ts';
import { ShareButton } from './ShareButton.tsx';

function speedLabel(s: number): string {
  return s === 0 ? 'max' : `${s}/s`;
}

/** Play/Pause, Step, Reset, speed, and the live numbers. */
export function Toolbar() {
  const status = useApp((s) => s.status);
  const playing = useApp((s) => s.playing);
  const step = useApp((s) => s.frame?.step ?? 0);
  const latest = useApp((s) => s.frame?.history.at(-1));
  const rate = useApp((s) => s.stepsPerSecond);
  const speed = useApp((s) => s.speed);
  const metric = useApp((s) => TASKS[s.config.task].metric);
  const togglePlay = useApp((s) => s.togglePlay);
  const stepOnce = useApp((s) => s.stepOnce);
  const reset = useApp((s) => s.reset);
  const setSpeed = useApp((s) => s.setSpeed);
  const ready = status === 'ready';
  return (
    <div className="toolbar" role="toolbar" aria-label="Training">
      <button type="button" className="primary" onClick={togglePlay} disabled={!ready} aria-keyshortcuts="Space" data-testid="play">
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => void stepOnce()} disabled={!ready} data-testid="step" title="Exactly one optimizer step">
        Step
      </button>
      <button type="button" onClick={reset} disabled={status === 'loading'} data-testid="reset" title="Back to step 0 with fresh weights from the same seed">
        Reset
      </button>
      <label className="speed">
        Speed
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <BackendSwitch />
      <dl className="stats" aria-live="off">
        <div>
          <dt>step</dt>
          <dd data-testid="step-count">{step}</dd>
        </div>
        <div>
          <dt>steps/s</dt>
          <dd data-testid="rate">{playing ? rate.toFixed(1) : '–'}</dd>
        </div>
        <div>
          <dt>loss</dt>
          <dd data-testid="loss" data-value={latest?.loss}>
            {formatLoss(latest?.loss)}
          </dd>
        </div>
        <div>
          <dt>{metricName(metric)}</dt>
          <dd data-testid="metric">{formatMetric(metric, latest?.metric)}</dd>
        </div>
        <div>
          <dt>held-out loss</dt>
          <dd data-testid="eval-loss">{formatLoss(latest?.evalLoss)}</dd>
        </div>
      </dl>
      <ShareButton />
      <ExportButton />
      <OpenCheckpointButton />
    </div>
  );
}

import type { ProbeResult } from '../lab/run/experiment.ts';
import { layerKey } from '../lab/run/layer_key.ts';
import { classLabel, formatStep, unscale, type TaskInstance } from '../lab/tasks/index.ts';
import { TASKS } from '../lab/tasks/index.ts';
import { cursorOf } from '../state/playback_slice.ts';
import { useApp } from '../state/useApp.ts';
import { formatValue } from '../format/number.ts';
import { ValueText } from '../charts/ChartKit.tsx';
import { stepBackRatio } from '../charts/gradient_norms.ts';
import { useTaskInstance } from './useTaskInstance.ts';

/** Values shown inline per vector; the full vector is in the data attribute. */
const SHOWN = 8;

function Vector({ values, testId }: { values: Float32Array; testId: string }) {
  const shown = Array.from(values.subarray(0, SHOWN));
  return (
    <span className="vector" data-testid={testId} data-values={Array.from(values, formatValue).join(',')}>
      [
      {shown.map((v, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <ValueText v={v} />
        </span>
      ))}
      {values.length > SHOWN ? `, … (${values.length})` : ''}]
    </span>
  );
}

function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function targetText(instance: TaskInstance, target: Float32Array): string {
  const d = instance.output;
  return d.kind === 'classes' ? classLabel(d, target[0] ?? -1) : unscale(d, target).map(formatValue).join(', ');
}

/** What happens at the cursor's timestep, as numbers: forward activations or backward gradients. */
export function StepReadout() {
  const probe = useApp((s) => s.frame?.probe);
  const mode = useApp((s) => s.mode);
  const t = useApp(cursorOf);
  const everyStep = useApp((s) => TASKS[s.config.task].target === 'every_step');
  const instance = useTaskInstance();
  if (!probe || instance === null) return <div className="readout" />;
  return (
    <div className="readout" data-testid="readout" data-t={t} data-mode={mode}>
      {mode === 'forward' ? <Forward probe={probe} t={t} instance={instance} everyStep={everyStep} /> : <Backward probe={probe} t={t} />}
    </div>
  );
}

function Forward({ probe, t, instance, everyStep }: { probe: ProbeResult; t: number; instance: TaskInstance; everyStep: boolean }) {
  const x = probe.input[t];
  const out = probe.output[t];
  const judged = everyStep || t === probe.length - 1;
  const target = everyStep ? probe.target[t] : probe.target[0];
  return (
    <table>
      <caption>
        Forward pass at t = {t} (example {probe.index})
      </caption>
      <tbody>
        {x && (
          <tr>
            <th scope="row">
              x<sub>{t}</sub>
            </th>
            <td>
              <strong>{formatStep(instance.input, x)}</strong> <Vector values={x} testId="x-t" />
            </td>
          </tr>
        )}
        {probe.layers.map((layer) => {
          const key = layerKey(layer.layer, layer.direction);
          const h = layer.hidden[t];
          return (
            h && (
              <tr key={key}>
                <th scope="row">
                  h<sub>{t}</sub> {key}
                </th>
                <td>
                  <Vector values={h} testId={`h-${key}`} /> <span className="norm">‖h‖ = <ValueText v={norm(h)} /></span>
                </td>
              </tr>
            )
          );
        })}
        {out && (
          <tr>
            <th scope="row">prediction</th>
            <td data-testid="prediction">
              {judged ? <strong>{formatStep(instance.output, out)}</strong> : <span className="muted">not judged at this step</span>}
              {judged && target && (
                <>
                  {' '}
                  vs target <strong data-testid="target">{targetText(instance, target)}</strong>
                </>
              )}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function Backward({ probe, t }: { probe: ProbeResult; t: number }) {
  return (
    <table>
      <caption>
        Backward pass at t = {t}: the gradient dL/dh<sub>t</sub> that reaches this step
      </caption>
      <thead>
        <tr>
          <th scope="col">layer</th>
          <th scope="col">‖dL/dh_t‖</th>
          <th scope="col">× vs the step it came from</th>
          <th scope="col">dL/dh_t</th>
        </tr>
      </thead>
      <tbody>
        {probe.layers.map((layer) => {
          const key = layerKey(layer.layer, layer.direction);
          const g = layer.gradHidden[t];
          const n = layer.gradNorm[t] ?? 0;
          // The forward direction's gradient arrives from t+1, the reverse direction's from t-1.
          const step = stepBackRatio(layer.gradNorm, layer.direction, t);
          const tone = step === null || !Number.isFinite(step.ratio) ? 'muted' : step.ratio < 1 ? 'shrink' : 'grow';
          return (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td data-testid={`gnorm-${key}`} data-value={String(n)}>
                <ValueText v={n} />
              </td>
              <td data-testid={`gratio-${key}`} className={tone}>
                {step === null ? (
                  'first step it reaches'
                ) : (
                  <>
                    <ValueText v={step.ratio} /> (from t = {step.from})
                  </>
                )}
              </td>
              <td>{g && <Vector values={g} testId={`g-${key}`} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

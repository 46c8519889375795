/** The chart stage: the training views (curves over steps) and the time views (one example, step by step), as cards. */
import type { ReactNode } from 'react';
import { EquationPanel } from '../charts/EquationPanel.tsx';
import { GradientHistory } from '../charts/GradientHistory.tsx';
import { Predictions } from '../charts/Predictions.tsx';
import { GradientNorms } from '../charts/GradientNorms.tsx';
import { HiddenHeatmap } from '../charts/HiddenHeatmap.tsx';
import { LossCurve } from '../charts/LossCurve.tsx';
import { SpectralRadius } from '../charts/SpectralRadius.tsx';
import { UnrolledNetwork } from '../charts/UnrolledNetwork.tsx';
import { WeightHeatmap } from '../charts/WeightHeatmap.tsx';
import { layerKey } from '../lab/run/layer_key.ts';
import { TASKS } from '../lab/tasks/index.ts';
import { cursorOf } from '../state/playback_slice.ts';
import { TimeControls } from '../controls/TimeControls.tsx';
import { useApp } from '../state/useApp.ts';
import { GeneratedTextCard } from './GeneratedTextCard.tsx';
import { LeakageWarning } from './LeakageWarning.tsx';
import { ParamGradNorms } from './ParamGradNorms.tsx';
import { StepReadout } from './StepReadout.tsx';
import { useTaskInstance } from './useTaskInstance.ts';
import { useWidth } from './useWidth.ts';

function Card({ title, children, wide = false, testId }: { title: string; children: (width: number) => ReactNode; wide?: boolean; testId?: string }) {
  const [ref, width] = useWidth<HTMLDivElement>(wide ? 800 : 400);
  return (
    <section className={`card${wide ? ' wide' : ''}`} data-testid={testId}>
      <h3>{title}</h3>
      <div ref={ref} className="card-body">
        {children(width)}
      </div>
    </section>
  );
}

/** Training curves: loss and metric over steps, W_hh spectral radius. */
export function TrainingViews() {
  const history = useApp((s) => s.frame?.history);
  const spectral = useApp((s) => s.frame?.spectral);
  const step = useApp((s) => s.frame?.step ?? 0);
  const metric = useApp((s) => TASKS[s.config.task].metric);
  const logLoss = useApp((s) => s.logLoss);
  const setLogLoss = useApp((s) => s.setLogLoss);
  const stuck = useApp((s) => s.stuck);
  if (!history || !spectral) return null;
  return (
    <div className="cards">
      <h2 className="stage-heading">Training</h2>
      <Card title="Loss" testId="loss-card">
        {(w) => (
          <>
            <LossCurve history={history} metric={metric} logLoss={logLoss} width={w} cursorStep={step} stopped={stuck} />
            <label className="inline">
              <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} /> log scale
            </label>
          </>
        )}
      </Card>
      <Card title="Spectral radius of W_hh (|largest eigenvalue|)" testId="spectral-card">
        {(w) => <SpectralRadius points={spectral} width={w} cursorStep={step} stopped={stuck} />}
      </Card>
      <GeneratedTextCard />
    </div>
  );
}

/** The selected example unrolled in time, its hidden states or gradients, and the step readout. */
export function TimeViews() {
  const probe = useApp((s) => s.frame?.probe);
  const weights = useApp((s) => s.frame?.weights);
  const gradientHistory = useApp((s) => s.frame?.gradientHistory);
  const model = useApp((s) => s.config.model);
  const task = useApp((s) => s.config.task);
  const mode = useApp((s) => s.mode);
  const cursor = useApp(cursorOf);
  const key = useApp((s) => s.layerKey);
  const unit = useApp((s) => s.selectedUnit);
  const selectLayer = useApp((s) => s.selectLayer);
  const selectUnit = useApp((s) => s.selectUnit);
  const setCursor = useApp((s) => s.setCursor);
  const instance = useTaskInstance();
  if (!probe || !weights || !gradientHistory) return null;
  const trace = probe.layers.find((l) => layerKey(l.layer, l.direction) === key) ?? probe.layers[0];
  const selected = trace ? { layer: trace.layer, direction: trace.direction, t: cursor } : undefined;
  return (
    <>
      <h2 className="stage-heading">One example, step by step</h2>
      <TimeControls />
      <LeakageWarning />
      <div className="cards">
        <Card title={mode === 'forward' ? 'Unrolled network: ‖h_t‖ per cell' : 'Unrolled network: ‖dL/dh_t‖ flowing back'} wide testId="unrolled">
          {(w) => (
            <UnrolledNetwork
              probe={probe}
              numLayers={model.numLayers}
              bidirectional={model.bidirectional}
              mode={mode}
              cursor={cursor}
              width={w}
              {...(selected ? { selected } : {})}
              onSelect={(c) => {
                selectLayer(layerKey(c.layer, c.direction));
                setCursor(c.t);
              }}
              {...(instance ? { inputDecoder: instance.input, outputDecoder: instance.output } : {})}
            />
          )}
        </Card>
        <section className="card wide">
          <StepReadout />
        </section>
        {instance && (
          <Card title="Predictions against targets" wide testId="predictions">
            {(w) => <Predictions probe={probe} output={instance.output} target={TASKS[task].target} input={instance.input} cursor={cursor} width={w} />}
          </Card>
        )}
        {trace && (
          <Card title={`${mode === 'forward' ? 'The equation of h_t' : 'Where dL/dh_t comes from'}, ${layerKey(trace.layer, trace.direction)} unit ${unit ?? 0}`} wide testId="equation-card">
            {() => (
              <EquationPanel
                weights={weights}
                probe={probe}
                layer={trace.layer}
                direction={trace.direction}
                unit={unit ?? 0}
                t={cursor}
                nonlinearity={model.nonlinearity}
                mode={mode}
              />
            )}
          </Card>
        )}
        {trace && (
          <Card title={`${mode === 'forward' ? 'Hidden states h_t' : 'Gradients dL/dh_t'}, layer ${layerKey(trace.layer, trace.direction)}`}>
            {(w) => (
              <HiddenHeatmap
                trace={trace}
                mode={mode}
                nonlinearity={model.nonlinearity}
                cursor={cursor}
                width={w}
                {...(unit === undefined ? {} : { selectedUnit: unit })}
                onSelect={(c) => {
                  selectUnit(c.unit);
                  setCursor(c.t);
                }}
              />
            )}
          </Card>
        )}
        <Card title="‖dL/dh_t‖ per timestep (log scale)">{(w) => <GradientNorms layers={probe.layers} cursor={cursor} width={w} />}</Card>
        <Card title={`How ‖dL/dh_t‖ changed while training, ${key}`}>
          {(w) => <GradientHistory history={gradientHistory} layerKey={key} cursor={cursor} width={w} />}
        </Card>
        <ParamGradNorms />
        {trace && (
          // Full width: W_ih and W_hh side by side, as they meet in h_t = act(W_ih x_t + W_hh h_{t-1} + b).
          <Card title={`Weights of ${layerKey(trace.layer, trace.direction)}`} wide>
            {(w) => <WeightHeatmap weights={weights} layer={trace.layer} direction={trace.direction} width={w} {...(unit === undefined ? {} : { selectedUnit: unit })} />}
          </Card>
        )}
      </div>
    </>
  );
}

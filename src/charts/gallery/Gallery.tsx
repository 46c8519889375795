import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { EquationPanel } from '../EquationPanel.tsx';
import { GeneratedText } from '../GeneratedText.tsx';
import { GradientHistory } from '../GradientHistory.tsx';
import { GradientNorms } from '../GradientNorms.tsx';
import { HiddenHeatmap } from '../HiddenHeatmap.tsx';
import { LossCurve } from '../LossCurve.tsx';
import { Predictions } from '../Predictions.tsx';
import { SpectralRadius } from '../SpectralRadius.tsx';
import type { CellSelection } from '../types.ts';
import { UnrolledNetwork } from '../UnrolledNetwork.tsx';
import { WeightHeatmap } from '../WeightHeatmap.tsx';
import { charDecoder, gradientHistory, lossHistory, sineProbe, spectral, textProbe, valueDecoder, VOCAB, weights } from './fixtures.ts';
import type { Mode } from '../../lab/run/probes.ts';

function usePageWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ margin: '16px 0 28px' }}>
      <h2 style={{ font: '600 14px system-ui', margin: '0 0 6px' }}>{title}</h2>
      {children}
    </section>
  );
}

/** Every chart on synthetic data, for screenshots and eyeballing (dev server only). */
export function Gallery() {
  const page = usePageWidth();
  const width = Math.min(page, 1280) - 32;
  const half = page >= 1100 ? (width - 24) / 2 : width;
  const probe = useMemo(() => textProbe(), []);
  const data = useMemo(() => ({ history: lossHistory(), gradients: gradientHistory(), spectral: spectral(), weights: weights(VOCAB.length, 16, 2, true), sine: sineProbe() }), []);
  const [temperature, setTemperature] = useState(0.8);
  const [cursor, setCursor] = useState(12);
  const [mode, setMode] = useState<Mode>('forward');
  const [selected, setSelected] = useState<CellSelection>({ layer: 1, direction: 0, t: 12 });
  const trace = probe.layers.find((l) => l.layer === selected.layer && l.direction === selected.direction) ?? probe.layers[0];
  return (
    <main style={{ padding: 16 }}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', font: '13px system-ui' }}>
        <label>
          t <input type="range" min={0} max={probe.length - 1} value={cursor} onChange={(e) => setCursor(Number(e.target.value))} /> {cursor}
        </label>
        <button onClick={() => setMode(mode === 'forward' ? 'backward' : 'forward')}>mode: {mode}</button>
      </div>
      <Section title="UnrolledNetwork (2 layers, bidirectional, 40 steps)">
        <UnrolledNetwork probe={probe} numLayers={2} bidirectional mode={mode} cursor={cursor} width={width} selected={selected} onSelect={(c) => { setSelected(c); setCursor(c.t); }} inputDecoder={charDecoder} outputDecoder={charDecoder} />
      </Section>
      <Section title="UnrolledNetwork backward (1 layer, 50 steps)">
        <UnrolledNetwork probe={textProbe(50, 8, 1, false)} numLayers={1} bidirectional={false} mode="backward" cursor={30} width={half} />
      </Section>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
        <Section title="HiddenHeatmap (forward)">
          {trace && <HiddenHeatmap trace={trace} mode="forward" nonlinearity="tanh" cursor={cursor} width={half} selectedUnit={3} />}
        </Section>
        <Section title="HiddenHeatmap (backward)">
          {trace && <HiddenHeatmap trace={trace} mode="backward" nonlinearity="tanh" cursor={cursor} width={half} />}
        </Section>
        <Section title="GradientNorms">
          <GradientNorms layers={probe.layers} cursor={cursor} width={half} />
        </Section>
        <Section title="GradientHistory (l0)">
          <GradientHistory history={data.gradients} layerKey="l0" cursor={cursor} width={half} />
        </Section>
        <Section title="LossCurve (log loss, accuracy)">
          <LossCurve history={data.history} metric="accuracy" logLoss width={half} cursorStep={1200} />
        </Section>
        <Section title="LossCurve (linear, mse, 40 points)">
          <LossCurve history={data.history.slice(0, 40)} metric="mse" width={half} />
        </Section>
        <Section title="SpectralRadius">
          <SpectralRadius points={data.spectral} width={half} cursorStep={1200} />
        </Section>
      </div>
      <Section title="EquationPanel (selected cell, unit 3)">
        <EquationPanel weights={data.weights} probe={probe} layer={selected.layer} direction={selected.direction} unit={3} t={selected.t} nonlinearity="tanh" />
      </Section>
      <Section title="Predictions (text, every step)">
        <Predictions probe={probe} output={charDecoder} target="every_step" input={charDecoder} cursor={cursor} width={width} />
      </Section>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
        <Section title="Predictions (values, every step)">
          <Predictions probe={data.sine} output={valueDecoder} target="every_step" cursor={cursor} width={half} />
        </Section>
        <Section title="Predictions (values, last step)">
          <Predictions probe={{ ...data.sine, target: [Float32Array.of(0.4)] }} output={valueDecoder} target="last_step" cursor={cursor} width={half} />
        </Section>
        <Section title="Predictions (classes, last step)">
          <Predictions probe={{ ...probe, length: 12, target: [Float32Array.of(2)] }} output={{ kind: 'classes', labels: ['even', 'odd', 'x', 'y'] }} target="last_step" cursor={cursor} width={half} />
        </Section>
        <Section title="GeneratedText">
          <div style={{ width: half }}>
            <GeneratedText text={'hello world, hello rnn!\nthe quick brown fox'} temperature={temperature} onTemperature={setTemperature} onGenerate={() => setTemperature(temperature)} />
          </div>
        </Section>
      </div>
      <Section title="WeightHeatmap (layer 0 →)">
        <WeightHeatmap weights={data.weights} layer={selected.layer} direction={selected.direction} width={width} selectedUnit={3} />
      </Section>
    </main>
  );
}

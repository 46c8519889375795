import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { GradientNorms } from '../GradientNorms.tsx';
import { HiddenHeatmap } from '../HiddenHeatmap.tsx';
import type { CellSelection, Mode } from '../types.ts';
import { UnrolledNetwork } from '../UnrolledNetwork.tsx';
import { charDecoder, textProbe } from './fixtures.ts';

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
      </div>
    </main>
  );
}

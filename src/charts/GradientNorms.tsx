import { useMemo, useState } from 'react';
import type { LayerTrace } from '../lab/run/probes.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { CursorRule, HoverArea, HoverRule, NonFiniteMarks, PlotFrame, ValueText } from './ChartKit.tsx';
import { formatValue } from '../format/number.ts';
import { nearestIndex, plotWidth } from './frame.ts';
import { normChart, normSeries, stepBackRatio, type NormSeries } from './gradient_norms.ts';
import { SeriesKey } from './SeriesKey.tsx';
import { indexTicks, logAxisTicks } from './ticks.ts';

interface GradientNormsProps {
  /** Every layer and direction of the probe (`ProbeResult.layers`). */
  layers: readonly LayerTrace[];
  /** The current timestep, marked. */
  cursor: number;
  width: number;
  /** Plot height without axes; 160 by default. */
  height?: number;
}

const MARGIN = { top: 8, right: 12, bottom: 34, left: 50 };

/**
 * ||dL/dh_t|| per timestep on a log axis: a straight slope is a constant factor per step, so
 * vanishing (falling toward t = 0) and exploding gradients read at a glance.
 */
export function GradientNorms({ layers, cursor, width, height = 160 }: GradientNormsProps) {
  const series = useMemo(() => normSeries(layers), [layers]);
  const plotW = plotWidth(width, MARGIN);
  const { x, y, toY, steps, paths, marks, nonFinite } = useMemo(() => normChart(series, plotW, height), [series, plotW, height]);
  const [hoverT, setHoverT] = useState<number | null>(null);
  const shownY = logAxisTicks(y, Math.max(3, Math.floor(height / 28)), 4);
  const c = Math.min(Math.max(0, cursor), steps - 1);
  const tip = hoverT !== null && {
    x: x(hoverT),
    y: 0,
    content: (
      <>
        <div>t = {hoverT}</div>
        {series.map((s) => (
          <div key={s.key} style={{ color: s.color }}>
            {s.label}: <b>{s.values[hoverT] === undefined ? '–' : <ValueText v={s.values[hoverT]} />}</b>
            {ratioNote(s, hoverT)}
          </div>
        ))}
      </>
    ),
  };
  return (
    <div style={{ width }}>
      <PlotFrame width={width} height={height} margin={MARGIN} tip={tip}>
        {shownY.map((t) => (
          <line key={t.label} x2={plotW} y1={t.pos} y2={t.pos} stroke="#eee" />
        ))}
        <CursorRule x={x(c)} height={height} />
        {series.map((s, i) => (
          <path key={s.key} d={paths[i]} fill="none" stroke={s.color} strokeWidth={1.8} strokeDasharray={s.dash} />
        ))}
        {series.map((s) => {
          const v = s.values[c];
          return v === undefined || !Number.isFinite(v) ? null : <circle key={s.key} cx={x(c)} cy={toY(v)} r={3.5} fill={v > 0 ? s.color : '#fff'} stroke={s.color} />;
        })}
        <NonFiniteMarks points={marks} height={height} />
        {hoverT !== null && <HoverRule x={x(hoverT)} height={height} />}
        <g transform={`translate(0,${height})`}>
          <AxisBottom ticks={indexTicks(steps, x, plotW, 30)} length={plotW} title="timestep t" />
        </g>
        <AxisLeft ticks={shownY} length={height} title="||dL/dh_t|| (log)" />
        <HoverArea width={plotW} height={height} onHover={(at) => setHoverT(at && nearestIndex(at.x, x, steps))} />
      </PlotFrame>
      <SeriesKey series={series.map((s) => ({ ...s, note: s.factor === null ? '' : `×${formatValue(s.factor)} per step back` }))} nonFinite={nonFinite} />
    </div>
  );
}

/** In the tooltip: how much the norm was multiplied on the step back that reached t. */
function ratioNote(s: NormSeries, t: number) {
  const step = stepBackRatio(s.values, s.direction, t);
  return step && (
    <>
      {' '}
      (×<ValueText v={step.ratio} /> vs t = {step.from})
    </>
  );
}

import { useMemo, useState } from 'react';
import type { LayerTrace } from '../lab/run/probes.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { formatTick, formatValue } from '../format/number.ts';
import { normChart, normSeries } from './gradient_norms.ts';
import { labelIndices } from './heatgrid.ts';
import { SeriesKey } from './SeriesKey.tsx';
import { logTicks } from './ticks.ts';
import { Tooltip } from './Tooltip.tsx';

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
  const plotW = Math.max(40, width - MARGIN.left - MARGIN.right);
  const { x, y, toY, steps, paths } = useMemo(() => normChart(series, plotW, height), [series, plotW, height]);
  const [hoverT, setHoverT] = useState<number | null>(null);
  const xTicks = labelIndices(steps, plotW, 30).map((t) => ({ pos: x(t), label: String(t) }));
  const [lo, hi] = y.domain() as [number, number];
  const shownY = logTicks(lo, hi, Math.max(3, Math.floor(height / 28)), () => y.ticks(4)).map((v) => ({ pos: y(v), label: formatTick(v) }));
  const c = Math.min(Math.max(0, cursor), steps - 1);
  return (
    <div style={{ width, position: 'relative' }}>
      <svg width={width} height={height + MARGIN.top + MARGIN.bottom} style={{ display: 'block', font: '11px system-ui, sans-serif' }}>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {shownY.map((t) => (
            <line key={t.label} x2={plotW} y1={t.pos} y2={t.pos} stroke="#eee" />
          ))}
          <line x1={x(c)} x2={x(c)} y2={height} stroke="#000" strokeWidth={1.5} />
          {series.map((s, i) => (
            <path key={s.key} d={paths[i]} fill="none" stroke={s.color} strokeWidth={1.8} strokeDasharray={s.dash} />
          ))}
          {series.map((s) => {
            const v = s.values[c];
            return v === undefined ? null : <circle key={s.key} cx={x(c)} cy={toY(v)} r={3.5} fill={v > 0 ? s.color : '#fff'} stroke={s.color} />;
          })}
          {hoverT !== null && <line x1={x(hoverT)} x2={x(hoverT)} y2={height} stroke="#888" strokeDasharray="2 2" />}
          <g transform={`translate(0,${height})`}>
            <AxisBottom ticks={xTicks} length={plotW} title="timestep t" />
          </g>
          <AxisLeft ticks={shownY} length={height} title="||dL/dh_t|| (log)" />
          <rect
            width={plotW}
            height={height}
            fill="transparent"
            onPointerMove={(e) => {
              const box = e.currentTarget.getBoundingClientRect();
              const t = Math.round(x.invert(e.clientX - box.left));
              setHoverT(Math.min(steps - 1, Math.max(0, t)));
            }}
            onPointerLeave={() => setHoverT(null)}
          />
        </g>
      </svg>
      {hoverT !== null && (
        <Tooltip x={MARGIN.left + x(hoverT)} y={MARGIN.top} containerWidth={width}>
          <div>t = {hoverT}</div>
          {series.map((s) => (
            <div key={s.key} style={{ color: s.color }}>
              {s.label}: <b>{formatValue(s.values[hoverT] ?? NaN)}</b>
            </div>
          ))}
        </Tooltip>
      )}
      <SeriesKey series={series.map((s) => ({ ...s, note: s.factor === null ? '' : `×${formatValue(s.factor)} per step back` }))} />
    </div>
  );
}

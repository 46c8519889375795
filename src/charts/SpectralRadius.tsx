import { bisector } from 'd3-array';
import { useMemo, useState } from 'react';
import type { SpectralPoint } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { formatTick, formatValue } from '../format/number.ts';
import { LoneDots } from './LoneDots.tsx';
import { SeriesKey } from './SeriesKey.tsx';
import { spectralChart } from './spectral.ts';
import { stepTicks } from './ticks.ts';
import { Tooltip } from './Tooltip.tsx';

interface SpectralRadiusProps {
  /** `RunFrame.spectral`, oldest first. */
  points: readonly SpectralPoint[];
  width: number;
  /** Plot height; 140 by default. */
  height?: number;
  /** Marks the training step the views show. */
  cursorStep?: number;
}

const MARGIN = { top: 8, right: 40, bottom: 30, left: 44 };
const nearest = bisector((p: SpectralPoint) => p.step).center;

/**
 * The spectral radius of each W_hh over training, against the line at 1: well below it, repeated
 * multiplication by W_hh shrinks signals and gradients; well above, it can blow them up.
 */
export function SpectralRadius({ points, width, height = 140, cursorStep }: SpectralRadiusProps) {
  const plotW = Math.max(40, width - MARGIN.left - MARGIN.right);
  const { x, y, series } = useMemo(() => spectralChart(points, plotW, height), [points, plotW, height]);
  const [hover, setHover] = useState<SpectralPoint | null>(null);
  if (points.length === 0) return <div style={{ width, font: '12px system-ui', color: '#666' }}>No spectral radius yet: train a few steps.</div>;
  return (
    <div style={{ width, position: 'relative' }}>
      <svg width={width} height={height + MARGIN.top + MARGIN.bottom} style={{ display: 'block', font: '11px system-ui, sans-serif' }}>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <line x2={plotW} y1={y(1)} y2={y(1)} stroke="#444" strokeDasharray="4 3" />
          <text x={plotW + 4} y={y(1)} dy="0.32em" fill="#444">
            ρ = 1
          </text>
          {series.map((s) => (
            <path key={s.key} d={s.path} fill="none" stroke={s.color} strokeWidth={1.8} strokeDasharray={s.dash} />
          ))}
          {points.length === 1 && <LoneDots x={x(points[0]!.step)} points={series.map((s) => [y(points[0]!.radius[s.key] ?? NaN), s.color] as const)} />}
          {cursorStep !== undefined && <line x1={x(cursorStep)} x2={x(cursorStep)} y2={height} stroke="#000" />}
          {hover && <line x1={x(hover.step)} x2={x(hover.step)} y2={height} stroke="#888" strokeDasharray="2 2" />}
          <g transform={`translate(0,${height})`}>
            <AxisBottom ticks={stepTicks(x, Math.max(2, Math.floor(plotW / 80))).map((s) => ({ pos: x(s), label: formatTick(s) }))} length={plotW} title="training step" />
          </g>
          <AxisLeft ticks={y.ticks(4).map((v) => ({ pos: y(v), label: formatTick(v) }))} length={height} title="ρ(W_hh)" />
          <rect
            width={plotW}
            height={height}
            fill="transparent"
            onPointerMove={(e) => setHover(points[nearest(points, x.invert(e.clientX - e.currentTarget.getBoundingClientRect().left))] ?? null)}
            onPointerLeave={() => setHover(null)}
          />
        </g>
      </svg>
      {hover && (
        <Tooltip x={MARGIN.left + x(hover.step)} y={MARGIN.top} containerWidth={width}>
          <div>step {hover.step}</div>
          {series.map((s) => (
            <div key={s.key} style={{ color: s.color }}>
              {s.label}: <b>{formatValue(hover.radius[s.key] ?? NaN)}</b>
            </div>
          ))}
        </Tooltip>
      )}
      <SeriesKey series={series} />
    </div>
  );
}

import { bisector } from 'd3-array';
import { useMemo, useState } from 'react';
import type { SpectralPoint } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { CursorRule, EmptyChart, HoverArea, HoverRule, NonFiniteMarks, PlotFrame, StopMark, ValueText } from './ChartKit.tsx';
import { finiteY } from './nonfinite.ts';
import type { StoppedAt } from './types.ts';
import { plotWidth } from './frame.ts';
import { LoneDots } from './LoneDots.tsx';
import { SeriesKey } from './SeriesKey.tsx';
import { spectralChart } from './spectral.ts';
import { stepAxisTicks, valueTicks } from './ticks.ts';

interface SpectralRadiusProps {
  /** `RunFrame.spectral`, oldest first. */
  points: readonly SpectralPoint[];
  width: number;
  /** Plot height; 140 by default. */
  height?: number;
  /** Marks the training step the views show. */
  cursorStep?: number;
  /** Where training stopped on a NaN or ±Infinity: marked at that step, as on the loss chart. */
  stopped?: StoppedAt | null;
}

const MARGIN = { top: 8, right: 40, bottom: 30, left: 44 };
const nearest = bisector((p: SpectralPoint) => p.step).center;

/**
 * The spectral radius of each W_hh over training, against the line at 1: well below it, repeated
 * multiplication by W_hh shrinks signals and gradients; well above, it can blow them up.
 */
export function SpectralRadius({ points, width, height = 140, cursorStep, stopped }: SpectralRadiusProps) {
  const plotW = plotWidth(width, MARGIN);
  const stopStep = stopped?.step ?? 0;
  const { x, y, series, marks, nonFinite } = useMemo(() => spectralChart(points, plotW, height, stopStep), [points, plotW, height, stopStep]);
  const [hover, setHover] = useState<SpectralPoint | null>(null);
  if (points.length === 0) return <EmptyChart width={width}>No spectral radius yet: train a few steps.</EmptyChart>;
  const tip = hover && {
    x: x(hover.step),
    y: 0,
    content: (
      <>
        <div>step {hover.step}</div>
        {series.map((s) => {
          const r = hover.radius[s.key];
          return (
            <div key={s.key} style={{ color: s.color }}>
              {s.label}: <b>{r === undefined ? '–' : <ValueText v={r} />}</b>
            </div>
          );
        })}
      </>
    ),
  };
  return (
    <div style={{ width }}>
      <PlotFrame width={width} height={height} margin={MARGIN} tip={tip}>
        <line x2={plotW} y1={y(1)} y2={y(1)} stroke="#444" strokeDasharray="4 3" />
        <text x={plotW + 4} y={y(1)} dy="0.32em" fill="#444">
          ρ = 1
        </text>
        {series.map((s) => (
          <path key={s.key} d={s.path} fill="none" stroke={s.color} strokeWidth={1.8} strokeDasharray={s.dash} />
        ))}
        {points.length === 1 && <LoneDots x={x(points[0]!.step)} points={series.map((s) => [finiteY(y, points[0]!.radius[s.key]), s.color] as const)} />}
        <NonFiniteMarks points={marks} height={height} />
        {stopped && <StopMark x={x(stopped.step)} height={height} stopped={stopped} />}
        {cursorStep !== undefined && <CursorRule x={x(cursorStep)} height={height} />}
        {hover && <HoverRule x={x(hover.step)} height={height} />}
        <g transform={`translate(0,${height})`}>
          <AxisBottom ticks={stepAxisTicks(x, plotW)} length={plotW} title="training step" />
        </g>
        <AxisLeft ticks={valueTicks(y, 4)} length={height} title="ρ(W_hh)" />
        <HoverArea width={plotW} height={height} onHover={(at) => setHover(at && (points[nearest(points, x.invert(at.x))] ?? null))} />
      </PlotFrame>
      <SeriesKey series={series} nonFinite={nonFinite} stopped={stopped ?? undefined} />
    </div>
  );
}

import { useMemo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TrainingPoint } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { SERIES_COLORS } from './color.ts';
import { formatTick, formatValue } from '../format/number.ts';
import { curvePath, nearestPoint, thin, valueScale } from './loss_curve.ts';
import { SeriesKey } from './SeriesKey.tsx';
import { LoneDots } from './LoneDots.tsx';
import { logTicks, stepTicks } from './ticks.ts';
import { Tooltip } from './Tooltip.tsx';

interface LossCurveProps {
  /** `RunFrame.history`, oldest first. */
  history: readonly TrainingPoint[];
  /** The task's metric: accuracy (0..1, shown as %) or mse. */
  metric: 'accuracy' | 'mse';
  /** Log y for the loss (and for mse), so late small improvements stay visible. */
  logLoss?: boolean;
  width: number;
  /** Marks the training step the views show. */
  cursorStep?: number;
}

const MARGIN = { top: 8, right: 22, bottom: 30, left: 60 };
const LOSS_H = 150;
const METRIC_H = 70;
const PANEL_GAP = 26;
/** Points drawn per curve: about two per pixel column is all a screen can show. */
const MAX_POINTS = 1200;
const TRAIN = SERIES_COLORS[0] ?? '#0072B2';
const EVAL = SERIES_COLORS[1] ?? '#D55E00';

/**
 * Training and held-out loss over steps, with the metric in a small panel below sharing the step
 * axis. A run of one step (no line yet) shows its values as dots.
 */
export function LossCurve({ history, metric, logLoss = false, width, cursorStep }: LossCurveProps) {
  const plotW = Math.max(40, width - MARGIN.left - MARGIN.right);
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const chart = useMemo(() => {
    const shown = thin(history, (p) => p.loss, MAX_POINTS);
    const evals = history.filter((p) => p.evalLoss !== undefined);
    const last = history[history.length - 1]?.step ?? 1;
    // From step 0, the untrained model, as the spectral radius chart beside it.
    const x = scaleLinear().domain([0, Math.max(1, last)]).range([0, plotW]);
    const lossY = valueScale([...history.map((p) => p.loss), ...evals.map((p) => p.evalLoss ?? NaN)], logLoss, LOSS_H);
    const accuracy = metric === 'accuracy';
    const metricY = accuracy ? scaleLinear().domain([0, 1]).range([METRIC_H, 0]) : valueScale(history.map((p) => p.metric), logLoss, METRIC_H);
    const floor = (log: boolean, s: { domain: () => number[] }) => (log ? (s.domain()[0] ?? null) : null);
    const lossFloor = floor(logLoss, lossY);
    const metricFloor = floor(logLoss && !accuracy, metricY);
    return {
      x,
      lossY,
      metricY,
      trainLoss: curvePath(shown, (p) => p.loss, x, lossY, lossFloor),
      evalLoss: curvePath(evals, (p) => p.evalLoss, x, lossY, lossFloor),
      trainMetric: curvePath(thin(history, (p) => p.metric, MAX_POINTS), (p) => p.metric, x, metricY, metricFloor),
      evalMetric: curvePath(evals, (p) => p.evalMetric, x, metricY, metricFloor),
      hasEval: evals.length > 0,
    };
  }, [history, logLoss, metric, plotW]);
  if (history.length === 0) return <div style={{ width, font: '12px system-ui', color: '#666' }}>No training steps yet.</div>;
  const { x, lossY, metricY } = chart;
  const ticksOf = (s: typeof lossY, log: boolean, h: number) => {
    const [lo = 1, hi = 1] = s.domain();
    const values = log ? logTicks(lo, hi, Math.max(2, Math.floor(h / 30)), () => s.ticks(3)) : s.ticks(Math.max(2, Math.floor(h / 30)));
    return values.map((v) => ({ pos: s(v), label: metric === 'accuracy' && s === metricY ? `${Math.round(v * 100)}%` : formatTick(v) }));
  };
  const xTicks = stepTicks(x, Math.max(2, Math.floor(plotW / 80))).map((s) => ({ pos: x(s), label: formatTick(s) }));
  const hovered = hoverStep === null ? undefined : nearestPoint(history, hoverStep);
  const lone = history.length === 1 ? history[0] : undefined;
  const totalH = LOSS_H + PANEL_GAP + METRIC_H;
  const metricLabel = metric === 'accuracy' ? 'accuracy' : `mse${logLoss ? ' (log)' : ''}`;
  const show = (v: number | undefined) => (v === undefined ? '–' : metric === 'accuracy' ? `${(v * 100).toFixed(1)}%` : formatValue(v));
  return (
    <div style={{ width, position: 'relative' }}>
      <svg width={width} height={totalH + MARGIN.top + MARGIN.bottom} style={{ display: 'block', font: '11px system-ui, sans-serif' }}>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <AxisLeft ticks={ticksOf(lossY, logLoss, LOSS_H)} length={LOSS_H} title={`loss${logLoss ? ' (log)' : ''}`} titleOffset={46} />
          <path d={chart.trainLoss} fill="none" stroke={TRAIN} strokeWidth={1.2} />
          <path d={chart.evalLoss} fill="none" stroke={EVAL} strokeWidth={2} strokeDasharray="5 3" />
          <g transform={`translate(0,${LOSS_H + PANEL_GAP})`}>
            <AxisLeft ticks={ticksOf(metricY, logLoss && metric !== 'accuracy', METRIC_H)} length={METRIC_H} title={metricLabel} titleOffset={46} />
            <path d={chart.trainMetric} fill="none" stroke={TRAIN} strokeWidth={1.2} />
            <path d={chart.evalMetric} fill="none" stroke={EVAL} strokeWidth={2} strokeDasharray="5 3" />
            <g transform={`translate(0,${METRIC_H})`}>
              <AxisBottom ticks={xTicks} length={plotW} title="training step" />
            </g>
            {lone && <LoneDots x={x(lone.step)} points={[[metricY(lone.metric), TRAIN], [lone.evalMetric === undefined ? null : metricY(lone.evalMetric), EVAL]]} />}
          </g>
          {lone && <LoneDots x={x(lone.step)} points={[[lossY(lone.loss), TRAIN], [lone.evalLoss === undefined ? null : lossY(lone.evalLoss), EVAL]]} />}
          {cursorStep !== undefined && <line x1={x(cursorStep)} x2={x(cursorStep)} y2={totalH} stroke="#000" strokeWidth={1} />}
          {hovered && <line x1={x(hovered.step)} x2={x(hovered.step)} y2={totalH} stroke="#888" strokeDasharray="2 2" />}
          <rect
            width={plotW}
            height={totalH}
            fill="transparent"
            onPointerMove={(e) => setHoverStep(x.invert(e.clientX - e.currentTarget.getBoundingClientRect().left))}
            onPointerLeave={() => setHoverStep(null)}
          />
        </g>
      </svg>
      {hovered && (
        <Tooltip x={MARGIN.left + x(hovered.step)} y={MARGIN.top + 10} containerWidth={width}>
          <div>step {hovered.step}</div>
          <div>loss <b>{formatValue(hovered.loss)}</b>{hovered.evalLoss !== undefined && <> · held-out <b>{formatValue(hovered.evalLoss)}</b></>}</div>
          <div>{metric} <b>{show(hovered.metric)}</b>{hovered.evalMetric !== undefined && <> · held-out <b>{show(hovered.evalMetric)}</b></>}</div>
        </Tooltip>
      )}
      <SeriesKey
        series={[
          { key: 'train', label: 'training batch', color: TRAIN, dash: undefined },
          ...(chart.hasEval ? [{ key: 'eval', label: 'held-out', color: EVAL, dash: '5 3' }] : []),
        ]}
      />
    </div>
  );
}

import { useMemo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TrainingPoint } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { CursorRule, EmptyChart, HoverArea, HoverRule, NonFiniteMarks, PlotFrame, StopMark, ValueText } from './ChartKit.tsx';
import { SERIES_COLORS } from './color.ts';
import { formatMetric } from '../format/metric.ts';
import { finiteY, nonFiniteKinds, nonFinitePoints } from './nonfinite.ts';
import type { StoppedAt } from './types.ts';
import { plotWidth } from './frame.ts';
import { curvePath, nearestPoint, thin, valueScale } from './loss_curve.ts';
import { SeriesKey } from './SeriesKey.tsx';
import { LoneDots } from './LoneDots.tsx';
import { logAxisTicks, stepAxisTicks, valueTicks } from './ticks.ts';

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
  /** Where training stopped on a NaN or ±Infinity: marked at that step, past the last point. */
  stopped?: StoppedAt | null;
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
export function LossCurve({ history, metric, logLoss = false, width, cursorStep, stopped }: LossCurveProps) {
  const plotW = plotWidth(width, MARGIN);
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const chart = useMemo(() => {
    const shown = thin(history, (p) => p.loss, MAX_POINTS);
    const evals = history.filter((p) => p.evalLoss !== undefined);
    const last = Math.max(history[history.length - 1]?.step ?? 1, stopped?.step ?? 0);
    // From step 0, the untrained model, as the spectral radius chart beside it.
    const x = scaleLinear().domain([0, Math.max(1, last)]).range([0, plotW]);
    const lossY = valueScale([...history.map((p) => p.loss), ...evals.map((p) => p.evalLoss ?? NaN)], logLoss, LOSS_H);
    const accuracy = metric === 'accuracy';
    const metricY = accuracy ? scaleLinear().domain([0, 1]).range([METRIC_H, 0]) : valueScale(history.map((p) => p.metric), logLoss, METRIC_H);
    const floor = (log: boolean, s: { domain: () => number[] }) => (log ? (s.domain()[0] ?? null) : null);
    const lossFloor = floor(logLoss, lossY);
    const metricFloor = floor(logLoss && !accuracy, metricY);
    // NaN and ±Infinity have no place on a scale: marked on the panel's edge at their step instead.
    const at = (p: TrainingPoint) => x(p.step);
    const lossMarks = [
      ...nonFinitePoints(history, (p) => p.loss, at, (p) => `training loss at step ${p.step}`),
      ...nonFinitePoints(evals, (p) => p.evalLoss, at, (p) => `held-out loss at step ${p.step}`),
    ];
    const metricMarks = [
      ...nonFinitePoints(history, (p) => p.metric, at, (p) => `training ${metric} at step ${p.step}`),
      ...nonFinitePoints(evals, (p) => p.evalMetric, at, (p) => `held-out ${metric} at step ${p.step}`),
    ];
    return {
      lossMarks,
      metricMarks,
      nonFinite: nonFiniteKinds(history.flatMap((p) => [p.loss, p.metric, p.evalLoss ?? 0, p.evalMetric ?? 0])),
      x,
      lossY,
      metricY,
      trainLoss: curvePath(shown, (p) => p.loss, x, lossY, lossFloor),
      evalLoss: curvePath(evals, (p) => p.evalLoss, x, lossY, lossFloor),
      trainMetric: curvePath(thin(history, (p) => p.metric, MAX_POINTS), (p) => p.metric, x, metricY, metricFloor),
      evalMetric: curvePath(evals, (p) => p.evalMetric, x, metricY, metricFloor),
      hasEval: evals.length > 0,
    };
  }, [history, logLoss, metric, plotW, stopped?.step]);
  if (history.length === 0) return <EmptyChart width={width}>No training steps yet.</EmptyChart>;
  const { x, lossY, metricY } = chart;
  const ticksOf = (s: typeof lossY, log: boolean, h: number) => {
    const count = Math.max(2, Math.floor(h / 30));
    return log ? logAxisTicks(s, count, 3) : valueTicks(s, count);
  };
  const metricTicks =
    metric === 'accuracy' ? metricY.ticks(Math.max(2, Math.floor(METRIC_H / 30))).map((v) => ({ pos: metricY(v), label: `${Math.round(v * 100)}%` })) : ticksOf(metricY, logLoss, METRIC_H);
  const hovered = hoverStep === null ? undefined : nearestPoint(history, hoverStep);
  const lone = history.length === 1 ? history[0] : undefined;
  const totalH = LOSS_H + PANEL_GAP + METRIC_H;
  const metricLabel = metric === 'accuracy' ? 'accuracy' : `mse${logLoss ? ' (log)' : ''}`;
  const show = (v: number | undefined) => (v !== undefined && !Number.isFinite(v) ? <ValueText v={v} /> : formatMetric(metric, v));
  const tip = hovered && {
    x: x(hovered.step),
    y: 10,
    content: (
      <>
        <div>step {hovered.step}</div>
        <div>loss <b><ValueText v={hovered.loss} /></b>{hovered.evalLoss !== undefined && <> · held-out <b><ValueText v={hovered.evalLoss} /></b></>}</div>
        <div>{metric} <b>{show(hovered.metric)}</b>{hovered.evalMetric !== undefined && <> · held-out <b>{show(hovered.evalMetric)}</b></>}</div>
      </>
    ),
  };
  return (
    <div style={{ width }}>
      <PlotFrame width={width} height={totalH} margin={MARGIN} tip={tip}>
        <AxisLeft ticks={ticksOf(lossY, logLoss, LOSS_H)} length={LOSS_H} title={`loss${logLoss ? ' (log)' : ''}`} titleOffset={46} />
        <path d={chart.trainLoss} fill="none" stroke={TRAIN} strokeWidth={1.2} />
        <path d={chart.evalLoss} fill="none" stroke={EVAL} strokeWidth={2} strokeDasharray="5 3" />
        <g transform={`translate(0,${LOSS_H + PANEL_GAP})`}>
          <AxisLeft ticks={metricTicks} length={METRIC_H} title={metricLabel} titleOffset={46} />
          <path d={chart.trainMetric} fill="none" stroke={TRAIN} strokeWidth={1.2} />
          <path d={chart.evalMetric} fill="none" stroke={EVAL} strokeWidth={2} strokeDasharray="5 3" />
          <g transform={`translate(0,${METRIC_H})`}>
            <AxisBottom ticks={stepAxisTicks(x, plotW)} length={plotW} title="training step" />
          </g>
          {lone && <LoneDots x={x(lone.step)} points={[[finiteY(metricY, lone.metric), TRAIN], [finiteY(metricY, lone.evalMetric), EVAL]]} />}
          <NonFiniteMarks points={chart.metricMarks} height={METRIC_H} />
        </g>
        {lone && <LoneDots x={x(lone.step)} points={[[finiteY(lossY, lone.loss), TRAIN], [finiteY(lossY, lone.evalLoss), EVAL]]} />}
        <NonFiniteMarks points={chart.lossMarks} height={LOSS_H} />
        {stopped && <StopMark x={x(stopped.step)} height={totalH} stopped={stopped} />}
        {cursorStep !== undefined && <CursorRule x={x(cursorStep)} height={totalH} />}
        {hovered && <HoverRule x={x(hovered.step)} height={totalH} />}
        <HoverArea width={plotW} height={totalH} onHover={(at) => setHoverStep(at && x.invert(at.x))} />
      </PlotFrame>
      <SeriesKey
        series={[
          { key: 'train', label: 'training batch', color: TRAIN, dash: undefined },
          ...(chart.hasEval ? [{ key: 'eval', label: 'held-out', color: EVAL, dash: '5 3' }] : []),
        ]}
        nonFinite={chart.nonFinite}
        stopped={stopped ?? undefined}
      />
    </div>
  );
}

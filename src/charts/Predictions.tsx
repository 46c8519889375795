import { useMemo, useState } from 'react';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ProbeResult } from '../lab/run/experiment.ts';
import type { Decoder } from '../lab/tasks/decode.ts';
import type { TargetKind } from '../lab/tasks/task.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { CursorRule, HoverArea, NonFiniteKey, NonFiniteMarks, PlotFrame, ValueText } from './ChartKit.tsx';
import { SERIES_COLORS } from './color.ts';
import { finiteExtent, NON_FINITE_COLOR, NON_FINITE_GLYPH, NON_FINITE_KINDS, NON_FINITE_TEXT, nonFiniteKinds, nonFinitePoints, type NonFiniteKind } from './nonfinite.ts';
import { nearestIndex, plotWidth } from './frame.ts';
import { indexTicks, valueTicks } from './ticks.ts';
import { classStrip, valueSeries, wrapStrip, type StripCell, type ValueSeries } from './predictions.ts';
import { SeriesKey } from './SeriesKey.tsx';

interface PredictionsProps {
  probe: ProbeResult;
  /** How outputs and targets read (the task instance's `output` decoder). */
  output: Decoder;
  /** Where the task judges the answer. */
  target: TargetKind;
  /** For class tasks: shows the input symbol above each step (text tasks read as text). */
  input?: Decoder;
  cursor: number;
  width: number;
}

const PRED = SERIES_COLORS[0] ?? '#0072B2';
const TARGET = SERIES_COLORS[1] ?? '#D55E00';

/** What the model said against what it should have said, step by step. */
export function Predictions({ probe, output, target, input, cursor, width }: PredictionsProps) {
  if (output.kind === 'classes') return <ClassStrip cells={classStrip(probe, output, target, input)} cursor={cursor} width={width} />;
  const all = valueSeries(probe, output, target);
  return (
    <div style={{ width }}>
      {all.map((s) => (
        <ValueChart key={s.channel} series={s} cursor={cursor} width={width} />
      ))}
      <SeriesKey
        series={[
          { key: 'p', label: 'prediction', color: PRED, dash: undefined },
          { key: 't', label: target === 'every_step' ? 'target' : 'target (judged at the last step)', color: TARGET, dash: '4 3' },
        ]}
        nonFinite={nonFiniteKinds(all.flatMap((s) => [...s.predicted, ...s.target.map((p) => p.v)]))}
      />
    </div>
  );
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 48 };
const HEIGHT = 120;

function ValueChart({ series, cursor, width }: { series: ValueSeries; cursor: number; width: number }) {
  const plotW = plotWidth(width, MARGIN);
  const [hoverT, setHoverT] = useState<number | null>(null);
  const steps = series.predicted.length;
  const { x, y, pred, targ, dots, marks } = useMemo(() => {
    const x = scaleLinear().domain([0, Math.max(1, steps - 1)]).range([0, plotW]);
    const [lo, hi] = finiteExtent([...series.predicted, ...series.target.map((p) => p.v)]);
    const y = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([HEIGHT, 0]).nice();
    const pred = line<number>().defined(Number.isFinite).x((_, t) => x(t)).y((v) => y(v))(series.predicted) ?? '';
    const targ = line<{ t: number; v: number }>().defined((p) => Number.isFinite(p.v)).x((p) => x(p.t)).y((p) => y(p.v))(series.target) ?? '';
    const dots = series.target.filter((p) => Number.isFinite(p.v));
    const marks = [
      ...nonFinitePoints(series.predicted, (v) => v, (_, t) => x(t), () => `${series.channel} prediction`),
      ...nonFinitePoints(series.target, (p) => p.v, (p) => x(p.t), (p) => `${series.channel} target at t = ${p.t}`),
    ];
    return { x, y, pred, targ, dots, marks };
  }, [series, steps, plotW]);
  const hoverTarget = series.target.find((p) => p.t === hoverT);
  const tip = hoverT !== null && {
    x: x(hoverT),
    y: 0,
    content: (
      <>
        t = {hoverT}: prediction <b><ValueText v={series.predicted[hoverT] ?? NaN} /></b>
        {hoverTarget && <>, target <b><ValueText v={hoverTarget.v} /></b></>}
      </>
    ),
  };
  return (
    <PlotFrame width={width} height={HEIGHT} margin={MARGIN} tip={tip}>
      <CursorRule x={x(cursor)} height={HEIGHT} />
      <path d={pred} fill="none" stroke={PRED} strokeWidth={2} />
      <path d={targ} fill="none" stroke={TARGET} strokeWidth={1.5} strokeDasharray="4 3" />
      {dots.length <= 80 && dots.map((p) => <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={dots.length === 1 ? 5 : 2.5} fill={TARGET} />)}
      <NonFiniteMarks points={marks} height={HEIGHT} />
      <g transform={`translate(0,${HEIGHT})`}>
        <AxisBottom ticks={indexTicks(steps, x, plotW, 30)} length={plotW} title="timestep t" />
      </g>
      <AxisLeft ticks={valueTicks(y, 4)} length={HEIGHT} title={series.channel} />
      <HoverArea width={plotW} height={HEIGHT} onHover={(at) => setHoverT(at && nearestIndex(at.x, x, steps))} />
    </PlotFrame>
  );
}

function stripKinds(cells: readonly StripCell[]): NonFiniteKind[] {
  const seen = new Set(cells.map((c) => c.nonFinite));
  return NON_FINITE_KINDS.filter((k) => seen.has(k));
}

const CORRECT = '#cfe5f5';
const WRONG = '#f9cfb5';
const LABEL_W = 62;
const ROW_H = 18;
/** The strip lays out its own rows and labels: no axes, no margin. */
const STRIP_MARGIN = { top: 0, right: 0, bottom: 0, left: 0 };

function ClassStrip({ cells, cursor, width }: { cells: StripCell[]; cursor: number; width: number }) {
  const [hover, setHover] = useState<StripCell | null>(null);
  const hasInput = cells.some((c) => c.input !== undefined);
  const longest = Math.max(1, ...cells.map((c) => Math.max(c.predicted.length, c.target?.length ?? 0, c.input?.length ?? 0)));
  const { perLine, lines, cell } = wrapStrip(cells.length, width - LABEL_W, Math.max(14, longest * 7 + 4), 36);
  const rows = ['input', 'target', 'predicted'].filter((r) => r !== 'input' || hasInput);
  const lineH = rows.length * ROW_H + 10;
  const judged = cells.filter((c) => c.correct !== undefined);
  const right = judged.filter((c) => c.correct).length;
  const tip = hover && {
    x: LABEL_W + ((hover.t % perLine) + 1) * cell,
    y: Math.floor(hover.t / perLine) * lineH,
    content: (
      <>
        t = {hover.t}: predicted <b>{hover.nonFinite ? `nothing (the outputs hold ${NON_FINITE_TEXT[hover.nonFinite]})` : hover.predicted}</b>
        {hover.target !== undefined ? <>, target <b>{hover.target}</b> ({hover.correct ? 'right' : 'wrong'})</> : ' (not judged)'}
      </>
    ),
  };
  return (
    <div style={{ width }}>
      <PlotFrame width={width} height={lines * lineH} margin={STRIP_MARGIN} tip={tip}>
        <g style={{ font: '12px ui-monospace, monospace' }}>
        {Array.from({ length: lines }, (_, l) => (
          <g key={l} transform={`translate(0,${l * lineH})`}>
            {rows.map((r, i) => (
              <text key={r} x={LABEL_W - 6} y={i * ROW_H + ROW_H / 2} dy="0.32em" textAnchor="end" fill="#555" style={{ font: '11px system-ui, sans-serif' }}>
                {r}
              </text>
            ))}
            {cells.slice(l * perLine, (l + 1) * perLine).map((c, k) => {
              const x0 = LABEL_W + k * cell;
              const bg = c.correct === undefined ? '#f3f3f3' : c.correct ? CORRECT : WRONG;
              const texts = [hasInput ? c.input : null, c.target ?? '·', c.nonFinite ? NON_FINITE_GLYPH[c.nonFinite] : c.predicted].filter((v) => v !== null);
              return (
                <g key={c.t} onPointerEnter={() => setHover(c)} onPointerLeave={() => setHover(null)}>
                  <rect x={x0 + 0.5} y={(rows.length - 1) * ROW_H} width={cell - 1} height={ROW_H} fill={bg} />
                  {c.correct === false && <line x1={x0 + 2} x2={x0 + cell - 2} y1={rows.length * ROW_H - 2} y2={rows.length * ROW_H - 2} stroke="#b34700" strokeWidth={2} />}
                  {texts.map((s, i) => (
                    <text key={i} x={x0 + cell / 2} y={i * ROW_H + ROW_H / 2} dy="0.32em" textAnchor="middle" fill={i === rows.length - 1 && c.nonFinite ? NON_FINITE_COLOR : i === rows.length - 1 && c.correct === false ? '#7a2e00' : '#222'} fontWeight={i === rows.length - 1 && c.correct === false ? 700 : 400} {...(i === rows.length - 1 && c.nonFinite ? { 'data-testid': 'nonfinite-mark', 'data-kind': c.nonFinite } : {})}>
                      {s}
                    </text>
                  ))}
                  {c.t === cursor && <rect x={x0} y={0} width={cell} height={rows.length * ROW_H} fill="none" stroke="#000" strokeWidth={1.5} />}
                  <rect x={x0} width={cell} height={rows.length * ROW_H} fill="transparent" />
                </g>
              );
            })}
          </g>
        ))}
        </g>
      </PlotFrame>
      <div style={{ font: '11px system-ui, sans-serif', color: '#333', display: 'flex', gap: 12, alignItems: 'center' }}>
        <span>
          {right} of {judged.length} judged steps right
        </span>
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <svg width={12} height={12} aria-hidden="true"><rect width={12} height={12} fill={CORRECT} /></svg>right
        </span>
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <svg width={12} height={12} aria-hidden="true"><rect width={12} height={12} fill={WRONG} /><line x1={1} x2={11} y1={10} y2={10} stroke="#b34700" strokeWidth={2} /></svg>wrong (bold, underlined)
        </span>
        <NonFiniteKey kinds={stripKinds(cells)} swatch="mark" />
      </div>
    </div>
  );
}

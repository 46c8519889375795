/**
 * The chart kit: what every chart shares, written once. A new chart (or a mark added to every
 * chart, such as NaN markers) starts here.
 *
 * - `PlotFrame`: the outer box, the SVG and the margin. Children draw in plot coordinates
 *   ((0, 0) is the plot area's top left, `plotWidth(width, margin)` x `height`); `tip` is a
 *   tooltip anchored in plot coordinates too; `underlay` (a canvas) sits under the SVG at the
 *   plot area. `frame.ts` gives `plotWidth`, `legendWidth` and `nearestIndex`.
 * - `HoverArea`: the transparent rectangle over the plot that takes the pointer and reports where
 *   it is in plot pixels (`null` when it leaves). Draw it last, so it is on top of the marks.
 * - `CursorRule` and `HoverRule`: the vertical lines at the step or timestep the views show
 *   (solid black) and at the one under the pointer (grey, dashed).
 * - `EmptyChart`: the one-line message a chart shows instead of an empty plot.
 * - `ticks.ts`: step ticks (`stepAxisTicks`), value ticks, log ticks, and ticks for cells
 *   (`cellTicks`, labels at cell centres) or indices (`indexTicks`); `Axis.tsx` draws them.
 * - `Legend.tsx` (colour bar, as wide as `legendWidth(plot width)`), `SeriesKey.tsx` (line
 *   swatches), `Tooltip.tsx`, `LoneDots.tsx` (a series of one point), `HeatGrid.tsx` (a canvas grid
 *   in a `PlotFrame`, with its own cell hover).
 * - NaN and ±Infinity are drawn, never hidden and never handed to an SVG attribute: domains come
 *   from finite values (`finiteExtent`, `nonfinite.ts`); a line chart puts a `NonFiniteMark` (✕ NaN,
 *   ▲ +Infinity on the top edge, ▼ -Infinity on the bottom edge) where the value would be; a heatmap
 *   hatches the cell (`HeatGrid` does it, `hatchFill` for SVG cells); readouts print `ValueText`;
 *   and every chart with one lists it in its key (`NonFiniteKey`, inside `SeriesKey` and `Legend`).
 *
 * @example
 * const plotW = plotWidth(width, MARGIN);
 * <PlotFrame width={width} height={H} margin={MARGIN} tip={hover && { x: x(hover.step), y: 0, content: <>step {hover.step}</> }}>
 *   <path d={curve} />
 *   <CursorRule x={x(cursorStep)} height={H} />
 *   <HoverArea width={plotW} height={H} onHover={(at) => setHover(at && nearest(x.invert(at.x)))} />
 * </PlotFrame>
 */
import { useId, type CSSProperties, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { formatValue } from '../format/number.ts';
import type { Margin } from './frame.ts';
import type { StoppedAt } from './types.ts';
import { markY, NON_FINITE_COLOR, NON_FINITE_GLYPH, NON_FINITE_KINDS, NON_FINITE_TEXT, nonFiniteKind, type NonFiniteKind, type NonFinitePoint } from './nonfinite.ts';
import { Tooltip } from './Tooltip.tsx';

/** The font of chart text (axes, labels); tooltips and legends use the same family. */
export const CHART_FONT = '11px system-ui, sans-serif';

/** A tooltip's anchor in plot coordinates and what it says. */
export interface PlotTip {
  x: number;
  y: number;
  content: ReactNode;
}

interface PlotFrameProps {
  /** Total width in CSS pixels, margins included. */
  width: number;
  /** Plot area height, without the margins. */
  height: number;
  margin: Margin;
  /** Under the SVG, placed over the plot area (a canvas of cells). */
  underlay?: ReactNode;
  tip?: PlotTip | null | false | undefined;
  /** Where the tooltip flips to the left; the frame's width by default. */
  tipContainerWidth?: number;
  /** Marks, axes and rules, in plot coordinates. */
  children: ReactNode;
}

/** A chart's box: a `position: relative` container, its SVG, the margin translate and the tooltip. */
export function PlotFrame({ width, height, margin, underlay, tip, tipContainerWidth = width, children }: PlotFrameProps) {
  return (
    <div style={{ width, position: 'relative' }}>
      {underlay}
      <svg width={width} height={height + margin.top + margin.bottom} style={{ display: 'block', position: 'relative', font: CHART_FONT }}>
        <g transform={`translate(${margin.left},${margin.top})`}>{children}</g>
      </svg>
      {tip && (
        <Tooltip x={margin.left + tip.x} y={margin.top + tip.y} containerWidth={tipContainerWidth}>
          {tip.content}
        </Tooltip>
      )}
    </div>
  );
}

/** A pointer position in plot pixels. */
export interface PlotPoint {
  x: number;
  y: number;
}

interface HoverAreaProps {
  width: number;
  height: number;
  /** Where the pointer is over the plot, or null when it leaves. */
  onHover: (at: PlotPoint | null) => void;
  onClick?: (at: PlotPoint) => void;
  style?: CSSProperties;
}

function plotPoint(e: PointerEvent<SVGRectElement> | MouseEvent<SVGRectElement>): PlotPoint {
  const box = e.currentTarget.getBoundingClientRect();
  return { x: e.clientX - box.left, y: e.clientY - box.top };
}

/** The pointer's catcher over a plot area: transparent, on top of the marks. */
export function HoverArea({ width, height, onHover, onClick, style }: HoverAreaProps) {
  return (
    <rect
      width={width}
      height={height}
      fill="transparent"
      {...(style ? { style } : {})}
      onPointerMove={(e) => onHover(plotPoint(e))}
      onPointerLeave={() => onHover(null)}
      {...(onClick ? { onClick: (e: MouseEvent<SVGRectElement>) => onClick(plotPoint(e)) } : {})}
    />
  );
}

/** The step or timestep the views show: a solid line across the plot at `x`. */
export function CursorRule({ x, height }: { x: number; height: number }) {
  return <line x1={x} x2={x} y2={height} stroke="#000" strokeWidth={1.5} pointerEvents="none" />;
}

/** The step or timestep under the pointer: a dashed grey line across the plot at `x`. */
export function HoverRule({ x, height }: { x: number; height: number }) {
  return <line x1={x} x2={x} y2={height} stroke="#888" strokeDasharray="2 2" pointerEvents="none" />;
}

/** What a chart shows before it has data: one quiet line, as wide as the chart would be. */
export function EmptyChart({ width, children }: { width?: number; children: ReactNode }) {
  return <div style={{ width, font: '12px system-ui', color: '#666' }}>{children}</div>;
}

/**
 * An id for an SVG `<pattern>`, `<marker>` or gradient that a `url(#id)` can name as it is: React's
 * `useId` with the characters a URL fragment would need escaped taken out.
 */
export function useSvgId(): string {
  return `svg${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/** The glyph of each kind, centred on (0, 0), about 10 px across. */
const GLYPH: Record<NonFiniteKind, string> = {
  nan: 'M-4,-4L4,4M-4,4L4,-4',
  inf: 'M0,-5L5,4L-5,4Z',
  '-inf': 'M0,5L5,-4L-5,-4Z',
};

function Glyph({ kind }: { kind: NonFiniteKind }) {
  return kind === 'nan' ? <path d={GLYPH.nan} stroke={NON_FINITE_COLOR} strokeWidth={2} fill="none" /> : <path d={GLYPH[kind]} fill={NON_FINITE_COLOR} />;
}

/** One NaN or ±Infinity drawn at (x, y) of the plot, with a title naming what it is. */
export function NonFiniteMark({ x, y, kind, title }: { x: number; y: number; kind: NonFiniteKind; title: string }) {
  return (
    <g transform={`translate(${x},${y})`} data-testid="nonfinite-mark" data-kind={kind} pointerEvents="none">
      <title>{`${title}: ${NON_FINITE_TEXT[kind]}`}</title>
      <Glyph kind={kind} />
    </g>
  );
}

/** The marks of a line chart's non-finite values, on the plot's edges (`markY`). */
export function NonFiniteMarks({ points, height }: { points: readonly NonFinitePoint[]; height: number }) {
  return points.map((p, i) => <NonFiniteMark key={i} x={p.x} y={markY(p.kind, height)} kind={p.kind} title={p.label} />);
}

/** How a legend shows non-finite values: the marks of a line chart, or the hatching of a heatmap's cells. */
export type NonFiniteSwatch = 'mark' | 'hatch';

const KEY_TEXT: Record<NonFiniteSwatch, Record<NonFiniteKind, string>> = {
  mark: { nan: 'NaN (no place on the scale)', inf: 'Infinity (above the scale)', '-inf': '-Infinity (below the scale)' },
  hatch: { nan: 'NaN', inf: 'Infinity', '-inf': '-Infinity' },
};

/**
 * The legend entries for the non-finite kinds a chart drew (nothing when there are none), in the
 * same row as the chart's other entries.
 */
export function NonFiniteKey({ kinds, swatch }: { kinds: readonly NonFiniteKind[]; swatch: NonFiniteSwatch }) {
  const id = useSvgId();
  return kinds.map((k) => (
    <span key={k} data-testid="nonfinite-key" data-kind={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, color: NON_FINITE_COLOR, font: '600 11px system-ui, sans-serif' }}>
      <svg width={14} height={12} aria-hidden="true" style={{ overflow: 'visible' }}>
        {swatch === 'mark' ? (
          <g transform="translate(7,6)">
            <Glyph kind={k} />
          </g>
        ) : (
          <>
            <defs>
              <HatchPattern id={`${id}${k}`} kind={k} />
            </defs>
            <rect width={14} height={12} fill={`url(#${id}${k})`} stroke={NON_FINITE_COLOR} strokeWidth={0.5} />
          </>
        )}
      </svg>
      {KEY_TEXT[swatch][k]}
    </span>
  ));
}

/** Side of a hatching tile, in CSS pixels. */
const HATCH = 6;
/** The strokes of each kind's hatching in a HATCH-square tile: ✕-like cross for NaN, / for +Inf, \ for -Inf. */
const HATCH_LINES: Record<NonFiniteKind, [number, number, number, number][]> = {
  nan: [
    [0, 0, HATCH, HATCH],
    [0, HATCH, HATCH, 0],
  ],
  inf: [
    [0, HATCH, HATCH, 0],
    [-1, 1, 1, -1],
    [HATCH - 1, HATCH + 1, HATCH + 1, HATCH - 1],
  ],
  '-inf': [
    [0, 0, HATCH, HATCH],
    [HATCH - 1, -1, HATCH + 1, 1],
    [-1, HATCH - 1, 1, HATCH + 1],
  ],
};

/** An SVG `<pattern>` of a kind's hatching (put it in `<defs>`; fill with `hatchFill`). */
export function HatchPattern({ id, kind }: { id: string; kind: NonFiniteKind }) {
  return (
    <pattern id={id} width={HATCH} height={HATCH} patternUnits="userSpaceOnUse">
      <rect width={HATCH} height={HATCH} fill="#fff" />
      {HATCH_LINES[kind].map(([x1, y1, x2, y2], i) => (
        <line key={i} x1={x1} y1={y1} x2={x2} y2={y2} stroke={NON_FINITE_COLOR} strokeWidth={1.2} />
      ))}
    </pattern>
  );
}

/** The SVG fill of a cell holding `v`: `color(v)` when finite, the hatching of `patternId + kind` when not. */
export function hatchFill(v: number, color: (v: number) => string, patternId: string): string {
  const kind = nonFiniteKind(v);
  return kind === null ? color(v) : `url(#${patternId}${kind})`;
}

/** The three hatching patterns, ids `idPrefix + kind`, for an SVG whose cells use `hatchFill`. */
export function HatchPatterns({ idPrefix }: { idPrefix: string }) {
  return NON_FINITE_KINDS.map((k) => <HatchPattern key={k} id={`${idPrefix}${k}`} kind={k} />);
}

/** Hatches canvas cells with a kind's pattern, in CSS pixels: what HeatGrid draws over a non-finite cell. */
export function hatchCanvasCells(ctx: CanvasRenderingContext2D, kind: NonFiniteKind, cells: readonly [number, number, number, number][]): void {
  const tile = document.createElement('canvas');
  tile.width = HATCH;
  tile.height = HATCH;
  const t = tile.getContext('2d');
  if (!t) return;
  t.fillStyle = '#fff';
  t.fillRect(0, 0, HATCH, HATCH);
  t.strokeStyle = NON_FINITE_COLOR;
  t.lineWidth = 1.2;
  t.beginPath();
  for (const [x1, y1, x2, y2] of HATCH_LINES[kind]) {
    t.moveTo(x1, y1);
    t.lineTo(x2, y2);
  }
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  if (!pattern) return;
  ctx.fillStyle = pattern;
  for (const [x, y, w, h] of cells) ctx.fillRect(x, y, w, h);
}

/**
 * A number in a readout or table, through the app's formatter; NaN and ±Infinity stand out in
 * the non-finite red with their glyph (✕ NaN, ▲ Infinity, ▼ -Infinity). `style` colours a finite value.
 */
export function ValueText({ v, style }: { v: number; style?: CSSProperties }) {
  const kind = nonFiniteKind(v);
  if (kind === null) return <span style={style}>{formatValue(v)}</span>;
  return (
    <span data-nonfinite={kind} style={{ ...style, color: NON_FINITE_COLOR, fontWeight: 700 }}>
      {NON_FINITE_GLYPH[kind]} {formatValue(v)}
    </span>
  );
}

/**
 * The step where training stopped on a NaN or ±Infinity, on a chart with a training-step axis: a
 * dashed red rule across the plot and the value's mark on top. The run went back to the step
 * before, so no curve reaches it; this says what happened there.
 */
export function StopMark({ x, height, stopped }: { x: number; height: number; stopped: StoppedAt }) {
  const kind = nonFiniteKind(stopped.value) ?? 'nan';
  return (
    <g data-testid="stop-mark" data-kind={kind} pointerEvents="none">
      <line x1={x} x2={x} y2={height} stroke={NON_FINITE_COLOR} strokeDasharray="3 3" />
      <NonFiniteMark x={x} y={markY(kind === '-inf' ? 'inf' : kind, height)} kind={kind} title={stoppedText(stopped)} />
    </g>
  );
}

function stoppedText(s: StoppedAt): string {
  return `step ${s.step}: ${s.where} became ${formatValue(s.value)}, training stopped`;
}

/** The legend entry of a `StopMark`: its glyph and what went non-finite at which step. */
export function StopKey({ stopped }: { stopped: StoppedAt }) {
  const kind = nonFiniteKind(stopped.value) ?? 'nan';
  return (
    <span data-testid="nonfinite-key" data-kind={kind} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, color: NON_FINITE_COLOR, font: '600 11px system-ui, sans-serif' }}>
      <svg width={14} height={12} aria-hidden="true" style={{ overflow: 'visible' }}>
        <g transform="translate(7,6)">
          <Glyph kind={kind} />
        </g>
      </svg>
      {stoppedText(stopped)}
    </span>
  );
}

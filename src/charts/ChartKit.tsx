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
 *
 * @example
 * const plotW = plotWidth(width, MARGIN);
 * <PlotFrame width={width} height={H} margin={MARGIN} tip={hover && { x: x(hover.step), y: 0, content: <>step {hover.step}</> }}>
 *   <path d={curve} />
 *   <CursorRule x={x(cursorStep)} height={H} />
 *   <HoverArea width={plotW} height={H} onHover={(at) => setHover(at && nearest(x.invert(at.x)))} />
 * </PlotFrame>
 */
import type { CSSProperties, MouseEvent, PointerEvent, ReactNode } from 'react';
import type { Margin } from './frame.ts';
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

/** The plot-area arithmetic of the chart kit (`ChartKit.tsx` says how the pieces fit). */

/** Space around a plot area for axes and labels, in CSS pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The narrowest plot area drawn: below it a chart overflows its card rather than vanish. */
const MIN_PLOT_WIDTH = 40;
/** The widest colour bar: past it a legend stops reading as a key and starts reading as a chart. */
const MAX_LEGEND_WIDTH = 220;
/** The narrowest colour bar: a card not laid out yet (width 0) must still draw a valid SVG. */
const MIN_LEGEND_WIDTH = 40;

/** Width of the plot area inside a chart `width` pixels wide with `margin` around it. */
export function plotWidth(width: number, margin: Margin, min = MIN_PLOT_WIDTH): number {
  return Math.max(min, width - margin.left - margin.right);
}

/** Width of the colour bar under a plot `span` pixels wide: 20 px short of it (room for its end labels), 40 to 220. */
export function legendWidth(span: number): number {
  return Math.max(MIN_LEGEND_WIDTH, Math.min(MAX_LEGEND_WIDTH, span - 20));
}

/**
 * The index 0..n-1 nearest to plot pixel `px` on an axis placed by `x`, clamped into range:
 * what the pointer is over on a timestep axis.
 */
export function nearestIndex(px: number, x: { invert: (px: number) => number }, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.round(x.invert(px))));
}

/**
 * NaN and ±Infinity in the charts: what kind a value is, the extent of the finite ones (so a scale
 * keeps showing them), and where a mark for the others goes. `ChartKit.tsx` draws the marks and
 * their legend entries from these.
 */
import { extent } from 'd3-array';

/** A value no scale can place. */
export type NonFiniteKind = 'nan' | 'inf' | '-inf';

/** The order legends list the kinds in. */
export const NON_FINITE_KINDS: readonly NonFiniteKind[] = ['nan', 'inf', '-inf'];

/** The glyph of each kind wherever text marks it (readouts, the class strip); the charts draw the same shapes. */
export const NON_FINITE_GLYPH: Record<NonFiniteKind, string> = { nan: '✕', inf: '▲', '-inf': '▼' };

/** Each kind as the app's formatter writes the value (`formatValue(NaN)` is `NaN`). */
export const NON_FINITE_TEXT: Record<NonFiniteKind, string> = { nan: 'NaN', inf: 'Infinity', '-inf': '-Infinity' };

/** One colour for every non-finite mark and its legend entry: a red no chart uses for data. */
export const NON_FINITE_COLOR = '#c0002a';

/** The kind of `v`, or null for a finite number. */
export function nonFiniteKind(v: number): NonFiniteKind | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

/** The kinds present among `values`, in legend order (empty when every value is finite). */
export function nonFiniteKinds(values: Iterable<number>): NonFiniteKind[] {
  const seen = new Set<NonFiniteKind>();
  for (const v of values) {
    const k = nonFiniteKind(v);
    if (k !== null) seen.add(k);
  }
  return NON_FINITE_KINDS.filter((k) => seen.has(k));
}

/**
 * [min, max] of the finite values, `fallback` when there are none: a scale's domain, so one NaN
 * or Infinity cannot stretch or erase the scale the finite values are read on.
 */
export function finiteExtent(values: Iterable<number>, fallback: [number, number] = [0, 1]): [number, number] {
  const [lo, hi] = extent(Array.from(values).filter(Number.isFinite));
  return lo === undefined || hi === undefined ? fallback : [lo, hi];
}

/** A value's non-finite mark on a line chart: its x, its kind, and what it says in the tooltip. */
export interface NonFinitePoint {
  x: number;
  kind: NonFiniteKind;
  /** The series it belongs to, for the mark's title ("held-out loss at step 12"). */
  label: string;
}

/**
 * The non-finite values of a series as marks: `x` places item i, `label` names it. Finite and
 * missing values give nothing.
 */
export function nonFinitePoints<T>(items: readonly T[], value: (item: T) => number | undefined, x: (item: T, i: number) => number, label: (item: T) => string): NonFinitePoint[] {
  const out: NonFinitePoint[] = [];
  items.forEach((item, i) => {
    const v = value(item);
    const kind = v === undefined ? null : nonFiniteKind(v);
    if (kind !== null) out.push({ x: x(item, i), kind, label: label(item) });
  });
  return out;
}

/** Pixels between a plot edge and the centre of a mark drawn there. */
const EDGE_INSET = 6;

/**
 * Where a mark sits in a plot `height` pixels tall: +Infinity (▲) on the top edge, -Infinity (▼)
 * on the bottom edge, off the scale the way they are off every scale; NaN (✕) on the top edge too,
 * since it has no place at all, and the top is where a blow-up leaves the chart.
 */
export function markY(kind: NonFiniteKind, height: number): number {
  return kind === '-inf' ? height - EDGE_INSET : EDGE_INSET;
}

/** y of a value on `scale`, or null where it has none (the value is marked instead). */
export function finiteY(scale: (v: number) => number, v: number | undefined): number | null {
  if (v === undefined || !Number.isFinite(v)) return null;
  const y = scale(v);
  return Number.isFinite(y) ? y : null;
}

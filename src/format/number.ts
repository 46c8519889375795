/**
 * How the app prints a number: one formatter for tooltips, readouts, legends, notices and the
 * data attributes the tests read, so the same value reads the same everywhere. Minus is the ASCII
 * hyphen (d3's default is U+2212), so what is shown can be copied into Python and parsed back;
 * NaN and ±Infinity print as JavaScript spells them (`Number('Infinity')` and Python's
 * `float('Infinity')` both read them back).
 */
import { formatLocale } from 'd3-format';

const locale = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' });
const sci = locale.format('.3~e');
const fixed = locale.format('.4~r');
const tickSci = locale.format('.0e');
const tickPlain = locale.format('.4~r');

/** Below this magnitude (and above `LARGE`) values switch to scientific notation. */
const SMALL = 1e-3;
const LARGE = 1e5;

/**
 * A value to four significant digits, in scientific notation when very small or very large, so
 * a vanishing gradient reads as 3.2e-9 rather than 0.000, and 5.753e+20 not as 21 digits.
 * Whole numbers below 100000 print whole; -0 prints as 0 (its sign says nothing to a reader).
 *
 * @example
 * formatValue(0.000032);  // '3.2e-5'  (plain 4 digits would print 0.00003200)
 * formatValue(12345);     // '12345'   (4 significant digits would say 1.235e+4)
 */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < SMALL || a >= LARGE) return sci(v);
  return Number.isInteger(v) ? String(v) : fixed(v);
}

/**
 * A readout that changes every frame (the toolbar's loss): four decimals, so its width holds
 * still, and `formatValue`'s scientific notation outside [0.001, 100000) or for NaN and ±Infinity.
 */
export function formatReadout(v: number): string {
  const a = Math.abs(v);
  return Number.isFinite(v) && a >= SMALL && a < LARGE ? v.toFixed(4) : formatValue(v);
}

/** A fraction as a percentage with one decimal (accuracy: 0.8734 → `87.3%`). */
export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : formatValue(v);
}

/** Short axis tick labels: `1e-6`, `0.01`, `100`. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (v !== 0 && (a < 1e-2 || a >= 1e4)) return tickSci(v).replace('e+', 'e');
  return tickPlain(v);
}

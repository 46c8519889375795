/**
 * How the app prints a number: one formatter for tooltips, readouts, legends and the data
 * attributes the tests read, so the same value reads the same everywhere. Minus is the ASCII
 * hyphen (d3's default is U+2212), so what is shown can be copied into Python and parsed back.
 */
import { formatLocale } from 'd3-format';

const locale = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''], minus: '-' });
const sci = locale.format('.3~e');
const fixed = locale.format('.4~g');
const tickSci = locale.format('.0e');
const tickPlain = locale.format('.4~r');

/**
 * A value to four significant digits, in scientific notation when very small or very large, so
 * a vanishing gradient reads as 3.2e-9 rather than 0.000, and 5.753e+20 not as 21 digits.
 *
 * @example
 * formatValue(0.000032);  // '3.2e-5'  (plain 4 digits would print 0.00003200)
 */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? sci(v) : fixed(v);
}

/** Short axis tick labels: `1e-6`, `0.01`, `100`. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (v !== 0 && (a < 1e-2 || a >= 1e4)) return tickSci(v).replace('e+', 'e');
  return tickPlain(v);
}

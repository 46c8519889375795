import { format } from 'd3-format';

const sci = format('.3~e');
const fixed = format('.4~g');

/**
 * A value as tooltips show it: four significant digits, scientific notation for the very small
 * and very large so a vanishing gradient reads as 3.2e-9, not 0.000.
 */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? sci(v) : fixed(v);
}

/** Short tick labels: `1e-6`, `0.01`, `100`. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (v !== 0 && (a < 1e-2 || a >= 1e4)) return format('.0e')(v).replace('e+', 'e');
  return format('.4~r')(v);
}

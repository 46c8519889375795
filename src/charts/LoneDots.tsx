/**
 * Values of several series at a single step, as dots: a curve of one point draws no line, so a
 * chart shows its first recorded step this way until there is a second.
 *
 * @example
 * <LoneDots x={x(step)} points={[[y(loss), '#0072B2'], [null, '#D55E00']]} />
 */
export function LoneDots({ x, points }: { x: number; points: readonly (readonly [number | null, string])[] }) {
  return points.map(([y, color], i) => (y === null || !Number.isFinite(y) ? null : <circle key={i} cx={x} cy={y} r={3.5} fill={color} />));
}

import type { Tick } from './ticks.ts';

interface AxisProps {
  ticks: Tick[];
  /** Length of the axis line in pixels. */
  length: number;
  /** Axis title, beside the ticks. */
  title?: string;
  /** Distance of a left axis's title from the axis line, clear of the widest tick label. */
  titleOffset?: number;
}

/** Horizontal axis drawn at y = 0 of its group, ticks pointing down. */
export function AxisBottom({ ticks, length, title }: AxisProps) {
  return (
    <g fill="#333">
      <line x2={length} stroke="#888" />
      {ticks.map((t) => (
        <g key={`${t.pos}:${t.label}`} transform={`translate(${t.pos},0)`}>
          <line y2={4} stroke="#888" />
          <text y={15} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {title && (
        <text x={length} y={28} textAnchor="end" fill="#555">
          {title}
        </text>
      )}
    </g>
  );
}

/** Vertical axis drawn at x = 0 of its group, ticks pointing left. */
export function AxisLeft({ ticks, length, title, titleOffset = 36 }: AxisProps) {
  return (
    <g fill="#333">
      <line y2={length} stroke="#888" />
      {ticks.map((t) => (
        <g key={`${t.pos}:${t.label}`} transform={`translate(0,${t.pos})`}>
          <line x2={-4} stroke="#888" />
          <text x={-6} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      {title && (
        <text transform="rotate(-90)" x={0} y={-titleOffset} textAnchor="end" fill="#555">
          {title}
        </text>
      )}
    </g>
  );
}

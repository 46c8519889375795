import type { ColorScale } from './color.ts';
import { formatTick, formatValue } from '../format/number.ts';
import { legendLayout } from './legend.ts';
import { NonFiniteKey, useSvgId } from './ChartKit.tsx';
import type { NonFiniteKind } from './nonfinite.ts';

interface LegendProps {
  scale: ColorScale;
  /** What the colour measures, e.g. "h_t" or "||dL/dh_t|| (log)". */
  title: string;
  /** Width of the colour bar in pixels (the legend adds a little room for end labels). */
  width?: number;
  /** The non-finite kinds among the cells (hatched, off the bar): listed beside it. */
  nonFinite?: readonly NonFiniteKind[];
}

const BAR_H = 10;
const PAD = 14;

/** A colour bar with ticks and a title: the key for a heatmap or tinted cells. */
export function Legend({ scale, title, width = 200, nonFinite = [] }: LegendProps) {
  const id = useSvgId();
  const { stops, ticks } = legendLayout(scale, width);
  const bar = (
    <svg width={width + 2 * PAD} height={BAR_H + 34} role="img" aria-label={`${title} colour scale`} style={{ display: 'block', overflow: 'visible', font: '11px system-ui, sans-serif' }}>
      <defs>
        <linearGradient id={id}>
          {stops.map((s) => (
            <stop key={s.offset} offset={s.offset} stopColor={s.color} />
          ))}
        </linearGradient>
      </defs>
      <text x={PAD} y={11} fill="#333">
        {title}
        <tspan fill="#777">{`  ${formatValue(scale.domain[0])} … ${formatValue(scale.domain[1])}`}</tspan>
      </text>
      <g transform={`translate(${PAD},16)`}>
        <rect width={width} height={BAR_H} fill={`url(#${id})`} stroke="#999" strokeWidth={0.5} />
        {ticks.map((t) => (
          <g key={t.value} transform={`translate(${t.x},0)`}>
            <line y1={BAR_H} y2={BAR_H + 4} stroke="#555" />
            <text y={BAR_H + 14} textAnchor="middle" fill="#333">
              {formatTick(t.value)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
  if (nonFinite.length === 0) return bar;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '2px 12px' }}>
      {bar}
      <NonFiniteKey kinds={nonFinite} swatch="hatch" />
    </div>
  );
}

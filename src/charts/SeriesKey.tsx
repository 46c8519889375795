import { NonFiniteKey, StopKey } from './ChartKit.tsx';
import type { NonFiniteKind } from './nonfinite.ts';
import type { SeriesStyle } from './series.ts';
import type { StoppedAt } from './types.ts';

interface SeriesKeyProps {
  series: (SeriesStyle & { note?: string })[];
  /** The non-finite kinds the chart marked: their entries follow the lines'. */
  nonFinite?: readonly NonFiniteKind[];
  /** Where training stopped on a NaN or ±Infinity, when the chart marks it (`StopMark`). */
  stopped?: StoppedAt | undefined;
}

/** A row of line swatches naming each series (the legend of a line chart). */
export function SeriesKey({ series, nonFinite = [], stopped }: SeriesKeyProps) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 14px', font: '11px system-ui, sans-serif', color: '#333' }}>
      {series.map((s) => (
        <span key={s.key} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <svg width={22} height={8} aria-hidden="true">
            <line x1={1} x2={21} y1={4} y2={4} stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
          </svg>
          {s.label}
          {s.note && <span style={{ color: '#666' }}>{s.note}</span>}
        </span>
      ))}
      <NonFiniteKey kinds={nonFinite} swatch="mark" />
      {stopped && <StopKey stopped={stopped} />}
    </div>
  );
}

import type { SeriesStyle } from './series.ts';

interface SeriesKeyProps {
  series: (SeriesStyle & { note?: string })[];
}

/** A row of line swatches naming each series (the legend of a line chart). */
export function SeriesKey({ series }: SeriesKeyProps) {
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
    </div>
  );
}

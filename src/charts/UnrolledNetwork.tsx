import { useMemo, useState } from 'react';
import type { ProbeResult } from '../lab/run/experiment.ts';
import type { LayerTrace, Mode } from '../lab/run/probes.ts';
import type { Decoder } from '../lab/tasks/decode.ts';
import { formatValue } from '../format/number.ts';
import { stepLabel } from './labels.ts';
import { hatchFill, HatchPatterns, PlotFrame, useSvgId } from './ChartKit.tsx';
import { legendWidth, plotWidth } from './frame.ts';
import { Legend } from './Legend.tsx';
import { layerName } from './series.ts';
import type { CellSelection } from './types.ts';
import { stepBackRatio } from './gradient_norms.ts';
import { cellTint, fits, unrolledLayout, type UnrolledRow } from './unrolled.ts';

interface UnrolledNetworkProps {
  probe: ProbeResult;
  numLayers: number;
  bidirectional: boolean;
  /** Forward tints cells by ||h_t||; backward by ||dL/dh_t|| and turns the arrows around. */
  mode: Mode;
  /** The current timestep's column is highlighted. */
  cursor: number;
  width: number;
  selected?: CellSelection;
  onSelect?: (cell: CellSelection) => void;
  /** How to label inputs and outputs (from the task instance); without them, only tooltips show values. */
  inputDecoder?: Decoder;
  outputDecoder?: Decoder;
}

const MARGIN = { top: 8, right: 8, bottom: 26, left: 52 };

type Hover = { row: UnrolledRow; t: number };

/** The RNN unrolled in time: timesteps across, layers down, inputs below and outputs above. */
export function UnrolledNetwork(props: UnrolledNetworkProps) {
  const { probe, numLayers, bidirectional, mode, cursor, width, selected, onSelect, inputDecoder, outputDecoder } = props;
  const marker = useSvgId();
  const hatch = useSvgId();
  const steps = probe.input.length;
  const plotW = plotWidth(width, MARGIN, 60);
  const layout = unrolledLayout(steps, numLayers, bidirectional ? 2 : 1, plotW);
  const tint = useMemo(() => cellTint(probe.layers, mode), [probe, mode]);
  const traces = useMemo(() => new Map(probe.layers.map((tr) => [`${tr.layer}:${tr.direction}`, tr])), [probe]);
  const [hover, setHover] = useState<Hover | null>(null);
  const { x, cellW, rows } = layout;
  const half = cellW / 2;
  const backward = mode === 'backward';
  const arrow = (x1: number, y1: number, x2: number, y2: number, key: string) =>
    backward ? (
      <line key={key} x1={x2} y1={y2} x2={x1} y2={y1} markerEnd={`url(#${marker})`} />
    ) : (
      <line key={key} x1={x1} y1={y1} x2={x2} y2={y2} markerEnd={`url(#${marker})`} />
    );
  const ts = Array.from({ length: steps }, (_, t) => t);
  const describe = (h: Hover): string => {
    if (h.row.kind === 'input') return `x_${h.t} = ${inputDecoder ? stepLabel(inputDecoder, probe.input[h.t] ?? []) : Array.from(probe.input[h.t] ?? [], formatValue).join(', ')}`;
    if (h.row.kind === 'output') return `y_${h.t} = ${outputDecoder ? stepLabel(outputDecoder, probe.output[h.t] ?? []) : Array.from(probe.output[h.t] ?? [], formatValue).join(', ')}`;
    const tr = traces.get(`${h.row.layer}:${h.row.direction}`);
    const value = `${layerName(h.row.layer, h.row.direction)}, t = ${h.t}: ${tint.title.replace(' (log)', '')} = ${tr ? formatValue(tint.value(tr, h.t)) : '?'}`;
    const step = backward && tr ? stepBackRatio(tr.gradNorm, tr.direction, h.t) : null;
    return step ? `${value} (×${formatValue(step.ratio)} vs t = ${step.from})` : value;
  };
  return (
    <div style={{ width }}>
      <PlotFrame width={width} height={layout.height} margin={MARGIN} tip={hover && { x: x(hover.t) + half, y: hover.row.y, content: describe(hover) }}>
        <defs>
          <marker id={marker} viewBox="0 0 6 6" refX={5.5} refY={3} markerWidth={6} markerHeight={6} orient="auto">
            <path d="M0,0L6,3L0,6Z" fill={backward ? '#b35806' : '#666'} />
          </marker>
          <HatchPatterns idPrefix={hatch} />
        </defs>
        {cursor >= 0 && cursor < steps && <rect x={x(cursor) - layout.colW / 2} y={-6} width={layout.colW} height={layout.height + 12} fill="#fde9b5" rx={3} />}
        <g stroke={backward ? '#b35806' : '#888'} strokeWidth={1}>
          {rows.map((row, i) => {
            const below = rows[i + 1];
            const vertical = below
              ? ts.map((t) => arrow(x(t), below.y, x(t), row.y + row.h + 1, `v${i}:${t}`))
              : [];
            if (row.kind !== 'hidden') return vertical;
            const forward = row.direction === 0;
            const mid = row.y + row.h / 2;
            const horizontal = ts.slice(1).map((t) =>
              forward
                ? arrow(x(t - 1) + half, mid, x(t) - half - 1, mid, `h${i}:${t}`)
                : arrow(x(t) - half, mid, x(t - 1) + half + 1, mid, `h${i}:${t}`),
            );
            return [...vertical, ...horizontal];
          })}
        </g>
        {rows.map((row, i) => (
          <g key={i}>
            <text x={-8} y={row.y + row.h / 2} dy="0.32em" textAnchor="end" fill="#333">
              {row.kind === 'input' ? 'x' : row.kind === 'output' ? 'y' : layerName(row.layer, row.direction)}
            </text>
            {ts.map((t) => (
              <Cell
                key={t}
                row={row}
                t={t}
                x={x(t) - half}
                w={cellW}
                trace={row.kind === 'hidden' ? traces.get(`${row.layer}:${row.direction}`) : undefined}
                fill={(tr) => hatchFill(tint.value(tr, t), tint.scale.color, hatch)}
                label={row.kind === 'input' ? inputDecoder && stepLabel(inputDecoder, probe.input[t] ?? []) : row.kind === 'output' ? outputDecoder && stepLabel(outputDecoder, probe.output[t] ?? []) : undefined}
                selected={row.kind === 'hidden' && selected?.layer === row.layer && selected.direction === row.direction && selected.t === t}
                onHover={(on) => setHover(on ? { row, t } : null)}
                {...(onSelect && row.kind === 'hidden' ? { onClick: () => onSelect({ layer: row.layer, direction: row.direction, t }) } : {})}
              />
            ))}
          </g>
        ))}
        {[...layout.labelled.filter((t) => Math.abs(x(t) - x(cursor)) >= 22), ...(cursor >= 0 && cursor < steps ? [cursor] : [])].map((t) => (
          <text key={t} x={x(t)} y={layout.height + 16} textAnchor="middle" fill={t === cursor ? '#000' : '#666'} fontWeight={t === cursor ? 700 : 400}>
            {t}
          </text>
        ))}
      </PlotFrame>
      <Legend scale={tint.scale} title={tint.title} width={legendWidth(plotW)} nonFinite={tint.nonFinite} />
    </div>
  );
}

interface CellProps {
  row: UnrolledRow;
  t: number;
  x: number;
  w: number;
  trace: LayerTrace | undefined;
  fill: (trace: LayerTrace) => string;
  label: string | undefined;
  selected: boolean;
  onHover: (on: boolean) => void;
  onClick?: () => void;
}

/** One box: a tinted hidden state, or a labelled input/output. */
function Cell({ row, t, x, w, trace, fill, label, selected, onHover, onClick }: CellProps) {
  const io = row.kind !== 'hidden';
  return (
    <g
      onPointerEnter={() => onHover(true)}
      onPointerLeave={() => onHover(false)}
      {...(onClick ? { onClick, style: { cursor: 'pointer' } } : {})}
      data-t={t}
    >
      <rect
        x={x}
        y={row.y}
        width={w}
        height={row.h}
        rx={io ? 2 : 3}
        fill={io ? '#f3f3f3' : trace ? fill(trace) : '#ddd'}
        stroke={selected ? '#000' : io ? '#bbb' : '#fff'}
        strokeWidth={selected ? 2.5 : 0.5}
      />
      {io && label !== undefined && fits(label, w) && (
        <text x={x + w / 2} y={row.y + row.h / 2} dy="0.32em" textAnchor="middle" fill="#222" pointerEvents="none">
          {label}
        </text>
      )}
    </g>
  );
}

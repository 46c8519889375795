import { useMemo } from 'react';
import { layerKey } from '../lab/run/layer_key.ts';
import type { PlainArray } from '../lab/run/plain.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { EmptyChart, ValueText } from './ChartKit.tsx';
import type { ColorScale } from './color.ts';
import { nonFiniteKinds } from './nonfinite.ts';
import { legendWidth } from './frame.ts';
import { HeatGrid } from './HeatGrid.tsx';
import { Legend } from './Legend.tsx';
import { directionArrow } from './series.ts';
import { cellTicks } from './ticks.ts';
import { findParam, sharedWeightScale, weightCellSize } from './weights.ts';

interface WeightHeatmapProps {
  /** `RunFrame.weights`, by PyTorch name. */
  weights: Readonly<Record<string, PlainArray>>;
  layer: number;
  direction: number;
  width: number;
  /** Outlines row `unit` in both matrices (the unit the equation panel explains). */
  selectedUnit?: number;
}

const MARGIN = { top: 20, right: 8, bottom: 34, left: 50 };
const GAP = 16;
/** About the width of one title character (12px system-ui), to keep a narrow matrix's title whole. */
const TITLE_CHAR_PX = 7;

/** W_ih and W_hh of one layer/direction as heatmaps on one shared, zero-centred scale. */
export function WeightHeatmap({ weights, layer, direction, width, selectedUnit }: WeightHeatmapProps) {
  const ih = findParam(weights, 'weight_ih', layer, direction);
  const hh = findParam(weights, 'weight_hh', layer, direction);
  const scale = useMemo(() => sharedWeightScale([ih, hh]), [ih, hh]);
  const nonFinite = useMemo(() => nonFiniteKinds([...(ih?.data ?? []), ...(hh?.data ?? [])]), [ih, hh]);
  if (!ih || !hh) return <EmptyChart>No weights for layer {layer} {directionArrow(direction)}.</EmptyChart>;
  const inner = width - 2 * (MARGIN.left + MARGIN.right);
  const { cell, stacked } = weightCellSize(ih.shape, hh.shape, inner, GAP);
  const suffix = `_${layerKey(layer, direction)}`;
  return (
    <div style={{ width }}>
      <div style={{ display: 'flex', flexDirection: stacked ? 'column' : 'row', flexWrap: 'wrap', gap: stacked ? 0 : GAP }}>
        <Matrix name={`weight_ih${suffix}`} what="input j" mat={ih} cell={cell} scale={scale} width={width} selectedUnit={selectedUnit} />
        <Matrix name={`weight_hh${suffix}`} what="h(t−1) unit j" mat={hh} cell={cell} scale={scale} width={width} selectedUnit={selectedUnit} />
      </div>
      <Legend scale={scale} title="weight (shared scale)" width={legendWidth(width - 40)} nonFinite={nonFinite} />
    </div>
  );
}

interface MatrixProps {
  name: string;
  what: string;
  mat: PlainArray;
  cell: number;
  scale: ColorScale;
  width: number;
  selectedUnit: number | undefined;
}

function Matrix({ name, what, mat, cell, scale, width, selectedUnit }: MatrixProps) {
  const [rows = 0, cols = 0] = mat.shape;
  const value = (r: number, c: number) => mat.data[r * cols + c] ?? 0;
  const plotW = cols * cell;
  const plotH = rows * cell;
  const title = `${name} [${rows} × ${cols}]`;
  // A matrix one or two columns wide is narrower than its title: widen the right margin to fit it.
  const margin = { ...MARGIN, right: Math.max(MARGIN.right, title.length * TITLE_CHAR_PX - plotW) };
  return (
    <HeatGrid
      rows={rows}
      cols={cols}
      value={value}
      color={scale.color}
      width={plotW}
      height={plotH}
      margin={margin}
      version={mat}
      describe={(at) => (
        <>
          {name}[{at.row}, {at.col}] = <b><ValueText v={value(at.row, at.col)} /></b>
        </>
      )}
      tipContainerWidth={Math.min(width, plotW + margin.left + margin.right + 180)}
    >
      <text y={-7} fill="#222" fontWeight={600}>
        {name} <tspan fontWeight={400} fill="#666">[{rows} × {cols}]</tspan>
      </text>
      {selectedUnit !== undefined && selectedUnit < rows && (
        <rect y={selectedUnit * cell} width={plotW} height={cell} fill="none" stroke="#000" strokeWidth={1.5} pointerEvents="none" />
      )}
      <g transform={`translate(0,${plotH})`}>
        <AxisBottom ticks={cellTicks(cols, plotW, 24)} length={plotW} title={what} />
      </g>
      <AxisLeft ticks={cellTicks(rows, plotH, 14)} length={plotH} title="unit i" />
    </HeatGrid>
  );
}

import { useMemo } from 'react';
import type { LayerTrace, Mode } from '../lab/run/probes.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { ValueText } from './ChartKit.tsx';
import { legendWidth, plotWidth } from './frame.ts';
import { HeatGrid } from './HeatGrid.tsx';
import type { GridCell } from './heatgrid.ts';
import { rowHeight, unitGrid } from './hidden.ts';
import { Legend } from './Legend.tsx';
import { cellTicks } from './ticks.ts';

interface HiddenHeatmapProps {
  /** The layer and direction to show (one entry of `ProbeResult.layers`). */
  trace: LayerTrace;
  /** Forward shows h_t; backward shows dL/dh_t. */
  mode: Mode;
  nonlinearity: 'tanh' | 'relu';
  /** The current timestep, outlined. */
  cursor: number;
  /** Total width in CSS pixels. */
  width: number;
  /** Highlighted unit row (e.g. the one the equation panel explains). */
  selectedUnit?: number;
  /** A click on a cell picks its unit and timestep. */
  onSelect?: (cell: { unit: number; t: number }) => void;
}

const MARGIN = { top: 6, right: 10, bottom: 34, left: 46 };

/** Hidden units (rows) x timesteps (columns), coloured by value: who fires when. */
export function HiddenHeatmap({ trace, mode, nonlinearity, cursor, width, selectedUnit, onSelect }: HiddenHeatmapProps) {
  const grid = useMemo(() => unitGrid(trace, mode, nonlinearity), [trace, mode, nonlinearity]);
  const plotW = plotWidth(width, MARGIN);
  const cellH = rowHeight(grid.units);
  const plotH = grid.units * cellH;
  const cellW = plotW / Math.max(1, grid.steps);
  const symbol = mode === 'forward' ? 'h' : 'dL/dh';
  return (
    <div style={{ width }}>
      <HeatGrid
        rows={grid.units}
        cols={grid.steps}
        value={grid.value}
        color={grid.scale.color}
        width={plotW}
        height={plotH}
        margin={MARGIN}
        version={grid}
        {...(onSelect ? { onClick: (c: GridCell) => onSelect({ unit: c.row, t: c.col }) } : {})}
        describe={(cell) => (
          <>
            unit {cell.row}, t = {cell.col}: {symbol}
            <sub>{cell.col}</sub> = <b><ValueText v={grid.value(cell.row, cell.col)} /></b>
          </>
        )}
      >
        {selectedUnit !== undefined && selectedUnit < grid.units && (
          <rect y={selectedUnit * cellH} width={plotW} height={cellH} fill="none" stroke="#222" strokeDasharray="3 2" pointerEvents="none" />
        )}
        {cursor >= 0 && cursor < grid.steps && (
          <rect x={cursor * cellW} y={-2} width={cellW} height={plotH + 4} fill="none" stroke="#000" strokeWidth={2} pointerEvents="none" />
        )}
        <g transform={`translate(0,${plotH})`}>
          <AxisBottom ticks={cellTicks(grid.steps, plotW, 26)} length={plotW} title="timestep t" />
        </g>
        <AxisLeft ticks={cellTicks(grid.units, plotH, 14)} length={plotH} title="unit" />
      </HeatGrid>
      <Legend scale={grid.scale} title={grid.title} width={legendWidth(plotW)} nonFinite={grid.nonFinite} />
    </div>
  );
}

import { useMemo } from 'react';
import type { GradientHistoryRow } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { EmptyChart, ValueText } from './ChartKit.tsx';
import { legendWidth, plotWidth } from './frame.ts';
import { historyGrid } from './gradient_history.ts';
import { HeatGrid } from './HeatGrid.tsx';
import { Legend } from './Legend.tsx';
import { seriesStyle } from './series.ts';
import { cellTicks } from './ticks.ts';

interface GradientHistoryProps {
  /** `RunFrame.gradientHistory`, oldest first. */
  history: readonly GradientHistoryRow[];
  /** Which layer/direction, as `layerKey(layer, direction)`. */
  layerKey: string;
  /** The current timestep, outlined. */
  cursor?: number;
  width: number;
  /** Plot height; rows squeeze into it however many steps were recorded. 200 by default. */
  height?: number;
}

const MARGIN = { top: 6, right: 10, bottom: 34, left: 56 };

/**
 * ||dL/dh_t|| over training: each row one recorded training step, each column a timestep, log
 * colour. A dark band spreading from the early timesteps is a gradient vanishing as training runs.
 */
export function GradientHistory({ history, layerKey, cursor, width, height = 200 }: GradientHistoryProps) {
  const grid = useMemo(() => historyGrid(history, layerKey), [history, layerKey]);
  if (grid.rows === 0) return <EmptyChart width={width}>No gradient history yet: train a few steps.</EmptyChart>;
  const plotW = plotWidth(width, MARGIN);
  const plotH = Math.max(height, 0);
  const cellW = plotW / Math.max(1, grid.steps);
  return (
    <div style={{ width }}>
      <HeatGrid
        rows={grid.rows}
        cols={grid.steps}
        value={grid.value}
        color={grid.scale.color}
        width={plotW}
        height={plotH}
        margin={MARGIN}
        version={grid}
        describe={(cell) => (
          <>
            {seriesStyle(layerKey).label}, training step {grid.stepOf(cell.row)}, t = {cell.col}: ||dL/dh_t|| = <b>{normText(grid.value(cell.row, cell.col))}</b>
          </>
        )}
      >
        {cursor !== undefined && cursor >= 0 && cursor < grid.steps && (
          <rect x={cursor * cellW} width={cellW} height={plotH} fill="none" stroke="#fff" strokeWidth={1.5} pointerEvents="none" />
        )}
        <g transform={`translate(0,${plotH})`}>
          <AxisBottom ticks={cellTicks(grid.steps, plotW, 26)} length={plotW} title="timestep t" />
        </g>
        <AxisLeft ticks={cellTicks(grid.rows, plotH, 22, (r) => String(grid.stepOf(r)))} length={plotH} title="training step" />
      </HeatGrid>
      <Legend scale={grid.scale} title="||dL/dh_t|| (log)" width={legendWidth(plotW)} nonFinite={grid.nonFinite} />
    </div>
  );
}

/** A norm, or a dash for a timestep the row does not have. */
function normText(v: number | undefined) {
  return v === undefined ? '–' : <ValueText v={v} />;
}

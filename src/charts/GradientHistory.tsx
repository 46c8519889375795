import { useMemo, useState } from 'react';
import type { GradientHistoryRow } from '../lab/host/protocol.ts';
import { AxisBottom, AxisLeft } from './Axis.tsx';
import { formatValue } from '../format/number.ts';
import { historyColor, historyGrid } from './gradient_history.ts';
import { HeatGrid } from './HeatGrid.tsx';
import { labelIndices, type GridCell } from './heatgrid.ts';
import { Legend } from './Legend.tsx';
import { seriesStyle } from './series.ts';
import { Tooltip } from './Tooltip.tsx';

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
  const [hover, setHover] = useState<GridCell | null>(null);
  const plotW = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotH = grid.rows === 0 ? 0 : Math.max(height, 0);
  const cellW = plotW / Math.max(1, grid.steps);
  const cellH = plotH / Math.max(1, grid.rows);
  const xTicks = labelIndices(grid.steps, plotW, 26).map((t) => ({ pos: (t + 0.5) * cellW, label: String(t) }));
  const yTicks = labelIndices(grid.rows, plotH, 22).map((r) => ({ pos: (r + 0.5) * cellH, label: String(grid.stepOf(r)) }));
  if (grid.rows === 0) return <div style={{ width, font: '12px system-ui', color: '#666' }}>No gradient history yet: train a few steps.</div>;
  return (
    <div style={{ width }}>
      <HeatGrid
        rows={grid.rows}
        cols={grid.steps}
        color={(r, t) => historyColor(grid, r, t)}
        width={plotW}
        height={plotH}
        margin={MARGIN}
        version={grid}
        onHover={setHover}
        overlay={
          hover && (
            <Tooltip x={MARGIN.left + (hover.col + 1) * cellW} y={MARGIN.top + hover.row * cellH} containerWidth={width}>
              {seriesStyle(layerKey).label}, training step {grid.stepOf(hover.row)}, t = {hover.col}: ||dL/dh_t|| = <b>{formatValue(grid.value(hover.row, hover.col))}</b>
            </Tooltip>
          )
        }
      >
        {cursor !== undefined && cursor >= 0 && cursor < grid.steps && (
          <rect x={cursor * cellW} width={cellW} height={plotH} fill="none" stroke="#fff" strokeWidth={1.5} pointerEvents="none" />
        )}
        <g transform={`translate(0,${plotH})`}>
          <AxisBottom ticks={xTicks} length={plotW} title="timestep t" />
        </g>
        <AxisLeft ticks={yTicks} length={plotH} title="training step" />
      </HeatGrid>
      <Legend scale={grid.scale} title="||dL/dh_t|| (log)" width={Math.min(220, plotW - 20)} />
    </div>
  );
}

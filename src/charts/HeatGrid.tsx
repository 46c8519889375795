import { useMemo, useState, type ReactNode } from 'react';
import { hatchCanvasCells, HoverArea, PlotFrame, type PlotPoint } from './ChartKit.tsx';
import type { Margin } from './frame.ts';
import { cellAt, cellColor, nonFiniteCells, rasterize, type GridCell } from './heatgrid.ts';
import { useCanvas } from './useCanvas.ts';

interface HeatGridProps {
  rows: number;
  cols: number;
  /** The value of one cell; undefined where there is none (drawn light grey). */
  value: (row: number, col: number) => number | undefined;
  /** Colour of a finite value. NaN and ±Infinity are hatched instead (see `ChartKit.tsx`). */
  color: (v: number) => string;
  /** Plot area size (the cells), in CSS pixels. */
  width: number;
  height: number;
  margin: Margin;
  /** Changes whenever any colour changes: the canvas redraws only then. */
  version: unknown;
  /** The tooltip of the cell under the pointer; shown beside that cell. */
  describe?: (cell: GridCell) => ReactNode;
  /** Where the tooltip flips to the left; the grid's outer width by default. */
  tipContainerWidth?: number;
  onClick?: (cell: GridCell) => void;
  /** SVG overlay (axes, cursor, outlines), drawn in plot coordinates. */
  children?: ReactNode;
}

/**
 * A dense grid on canvas with an SVG overlay on top: the canvas holds thousands of cells cheaply,
 * the SVG keeps text and lines crisp and takes the pointer.
 */
export function HeatGrid({ rows, cols, value, color, width, height, margin, version, describe, tipContainerWidth, onClick, children }: HeatGridProps) {
  const [hovered, setHovered] = useState<GridCell | null>(null);
  // `version` says when `value` changed; the callbacks are fresh closures on every render.
  const hatched = useMemo(() => nonFiniteCells(rows, cols, value), [rows, cols, version]);
  const cellW = width / Math.max(1, cols);
  const cellH = height / Math.max(1, rows);
  const canvas = useCanvas(
    width,
    height,
    (ctx) => {
      if (rows === 0 || cols === 0) return;
      const image = document.createElement('canvas');
      image.width = cols;
      image.height = rows;
      image.getContext('2d')?.putImageData(new ImageData(rasterize(rows, cols, (r, c) => cellColor(value(r, c), color)), cols, rows), 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, 0, 0, width, height);
      for (const [kind, cells] of hatched) hatchCanvasCells(ctx, kind, cells.map(([r, c]) => [c * cellW, r * cellH, cellW, cellH]));
    },
    [rows, cols, version, hatched],
  );
  const outerW = width + margin.left + margin.right;
  const pick = (at: PlotPoint): GridCell | null => cellAt(at.x, at.y, rows, cols, width, height);
  const tip = hovered && describe ? { x: (hovered.col + 1) * cellW, y: hovered.row * cellH, content: describe(hovered) } : null;
  return (
    <PlotFrame
      width={outerW}
      height={height}
      margin={margin}
      underlay={<canvas ref={canvas} style={{ position: 'absolute', left: margin.left, top: margin.top, width, height }} />}
      tip={tip}
      tipContainerWidth={tipContainerWidth ?? outerW}
    >
      {children}
      {hovered && <rect x={hovered.col * cellW} y={hovered.row * cellH} width={cellW} height={cellH} fill="none" stroke="#000" strokeWidth={1} pointerEvents="none" />}
      <HoverArea
        width={width}
        height={height}
        style={{ cursor: onClick ? 'pointer' : 'crosshair' }}
        onHover={(at) => {
          const c = at && pick(at);
          if (c?.row !== hovered?.row || c?.col !== hovered?.col) setHovered(c);
        }}
        {...(onClick
          ? {
              onClick: (at: PlotPoint) => {
                const c = pick(at);
                if (c) onClick(c);
              },
            }
          : {})}
      />
    </PlotFrame>
  );
}

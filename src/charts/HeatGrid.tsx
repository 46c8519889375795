import { useState, type MouseEvent, type ReactNode } from 'react';
import type { Margin } from './types.ts';
import { cellAt, rasterize, type GridCell } from './heatgrid.ts';
import { useCanvas } from './useCanvas.ts';

interface HeatGridProps {
  rows: number;
  cols: number;
  /** Colour of one cell. */
  color: (row: number, col: number) => string;
  /** Plot area size (the cells), in CSS pixels. */
  width: number;
  height: number;
  margin: Margin;
  /** Changes whenever any colour changes: the canvas redraws only then. */
  version: unknown;
  onHover?: (cell: GridCell | null) => void;
  onClick?: (cell: GridCell) => void;
  /** SVG overlay (axes, cursor, outlines), drawn in plot coordinates. */
  children?: ReactNode;
  /** HTML on top of everything (a tooltip), in container coordinates. */
  overlay?: ReactNode;
}

/**
 * A dense grid on canvas with an SVG overlay on top: the canvas holds thousands of cells cheaply,
 * the SVG keeps text and lines crisp and takes the pointer.
 */
export function HeatGrid({ rows, cols, color, width, height, margin, version, onHover, onClick, children, overlay }: HeatGridProps) {
  const [hovered, setHovered] = useState<GridCell | null>(null);
  const canvas = useCanvas(
    width,
    height,
    (ctx) => {
      if (rows === 0 || cols === 0) return;
      const image = document.createElement('canvas');
      image.width = cols;
      image.height = rows;
      image.getContext('2d')?.putImageData(new ImageData(rasterize(rows, cols, color), cols, rows), 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, 0, 0, width, height);
    },
    [rows, cols, version],
  );
  const outerW = width + margin.left + margin.right;
  const outerH = height + margin.top + margin.bottom;
  const pick = (e: MouseEvent<SVGRectElement>): GridCell | null => {
    const box = e.currentTarget.getBoundingClientRect();
    return cellAt(e.clientX - box.left, e.clientY - box.top, rows, cols, width, height);
  };
  const cellW = width / Math.max(1, cols);
  const cellH = height / Math.max(1, rows);
  return (
    <div style={{ position: 'relative', width: outerW, height: outerH }}>
      <canvas ref={canvas} style={{ position: 'absolute', left: margin.left, top: margin.top, width, height }} />
      <svg width={outerW} height={outerH} style={{ position: 'absolute', left: 0, top: 0, font: '11px system-ui, sans-serif' }}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {children}
          {hovered && <rect x={hovered.col * cellW} y={hovered.row * cellH} width={cellW} height={cellH} fill="none" stroke="#000" strokeWidth={1} pointerEvents="none" />}
          <rect
            width={width}
            height={height}
            fill="transparent"
            style={{ cursor: onClick ? 'pointer' : 'crosshair' }}
            onPointerMove={(e) => {
              const c = pick(e);
              if (c?.row !== hovered?.row || c?.col !== hovered?.col) {
                setHovered(c);
                onHover?.(c);
              }
            }}
            onPointerLeave={() => {
              setHovered(null);
              onHover?.(null);
            }}
            onClick={(e) => {
              const c = pick(e);
              if (c) onClick?.(c);
            }}
          />
        </g>
      </svg>
      {overlay}
    </div>
  );
}

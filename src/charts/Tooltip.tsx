import type { ReactNode } from 'react';

interface TooltipProps {
  /** Anchor point in the chart container's pixels; the tip sits beside it. */
  x: number;
  y: number;
  /** Container width, so a tip near the right edge flips to the left of the anchor. */
  containerWidth: number;
  children: ReactNode;
}

/** A small box beside the pointer, inside a `position: relative` chart container. */
export function Tooltip({ x, y, containerWidth, children }: TooltipProps) {
  const flip = x > containerWidth - 180;
  return (
    <div
      role="tooltip"
      style={{
        position: 'absolute',
        left: flip ? undefined : x + 12,
        right: flip ? containerWidth - x + 12 : undefined,
        top: Math.max(0, y - 10),
        pointerEvents: 'none',
        background: 'rgba(255,255,255,0.96)',
        border: '1px solid #bbb',
        borderRadius: 4,
        padding: '3px 6px',
        font: '12px system-ui, sans-serif',
        color: '#222',
        whiteSpace: 'nowrap',
        boxShadow: '0 1px 3px rgba(0,0,0,0.15)',
        zIndex: 1,
      }}
    >
      {children}
    </div>
  );
}

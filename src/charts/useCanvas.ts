import { useEffect, useRef } from 'react';

/**
 * A canvas sized for the screen's pixel ratio, redrawn by `draw` whenever `deps` change. The
 * context is pre-scaled so `draw` works in CSS pixels.
 */
export function useCanvas(width: number, height: number, draw: (ctx: CanvasRenderingContext2D) => void, deps: readonly unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    draw(ctx);
    // `draw` is a fresh closure each render; the caller's deps say when it really changed.
  }, [width, height, ...deps]);
  return ref;
}

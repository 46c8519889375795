import { useEffect, useRef, useState } from 'react';

/**
 * The content width of an element, kept current with a ResizeObserver (charts take a width).
 * A report of 0 (the element hidden or not laid out yet) keeps the last width: charts drawn
 * 0 px wide would ask SVG for negative sizes.
 */
export function useWidth<T extends HTMLElement>(fallback = 600) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

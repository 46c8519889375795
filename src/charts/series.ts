import { parseLayerKey } from '../lab/run/layer_key.ts';
import { layerColor } from './color.ts';

/** How one layer/direction is drawn as a line, everywhere: colour by layer, dashed when reverse. */
export interface SeriesStyle {
  key: string;
  label: string;
  color: string;
  dash: string | undefined;
}

/** Arrow for a direction: → forward in time, ← reverse. */
export function directionArrow(direction: number): string {
  return direction === 1 ? '←' : '→';
}

export function seriesStyle(key: string): SeriesStyle {
  const p = parseLayerKey(key) ?? { layer: 0, direction: 0 };
  return {
    key,
    label: `layer ${p.layer} ${directionArrow(p.direction)}`,
    color: layerColor(p.layer),
    dash: p.direction === 1 ? '5 3' : undefined,
  };
}

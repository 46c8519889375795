import { layerKey, parseLayerKey } from '../lab/run/layer_key.ts';
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

/**
 * The one name of a layer and direction in every view: PyTorch's suffix (`l0`, `l0_reverse`, as in
 * weight_hh_l0_reverse) and an arrow for the way it reads time.
 */
export function layerName(layer: number, direction: number): string {
  return `${layerKey(layer, direction)} ${directionArrow(direction)}`;
}

export function seriesStyle(key: string): SeriesStyle {
  const p = parseLayerKey(key) ?? { layer: 0, direction: 0 };
  return {
    key,
    label: layerName(p.layer, p.direction),
    color: layerColor(p.layer),
    dash: p.direction === 1 ? '5 3' : undefined,
  };
}

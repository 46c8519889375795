/** `l0`, `l0_reverse`, `l1`...: the suffix PyTorch uses in parameter names. */
export function layerKey(layer: number, direction: number): string {
  return `l${layer}${direction === 1 ? '_reverse' : ''}`;
}

/** Parses `l0`, `l1_reverse`... (from `layerKey`) back into layer and direction; null for anything else. */
export function parseLayerKey(key: string): { layer: number; direction: number } | null {
  const m = /^l(\d+)(_reverse)?$/.exec(key);
  return m ? { layer: Number(m[1]), direction: m[2] ? 1 : 0 } : null;
}

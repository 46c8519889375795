/** `l0`, `l0_reverse`, `l1`...: the suffix PyTorch uses in parameter names. */
export function layerKey(layer: number, direction: number): string {
  return `l${layer}${direction === 1 ? '_reverse' : ''}`;
}

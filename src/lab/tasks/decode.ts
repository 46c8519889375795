/**
 * Turning numbers into something a student can read: a one-hot or logit vector into its symbol,
 * a (possibly standardised) value back into the data's own units.
 */

/**
 * How one timestep's vector reads.
 * - `classes`: the vector scores `labels` (one-hot input or logits); it reads as the best label.
 * - `values`: one number per channel; `scale` maps model units back to data units (`v * std + mean`).
 */
export type Decoder =
  | { readonly kind: 'classes'; readonly labels: readonly string[] }
  | { readonly kind: 'values'; readonly channels: readonly string[]; readonly scale?: readonly ChannelScale[] };

/** The standardisation applied to one channel before training. */
export interface ChannelScale {
  readonly mean: number;
  readonly std: number;
}

/** Index of the largest entry (the first on ties); -1 for an empty vector. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > bestValue || best < 0) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** The label of class `index`, or '·' for an ignored or unknown index (e.g. -100). */
export function classLabel(decoder: Decoder, index: number): string {
  if (decoder.kind !== 'classes') return String(index);
  return decoder.labels[index] ?? '·';
}

/** One step's vector in data units: argmax label for classes, unscaled numbers for values. */
export function formatStep(decoder: Decoder, values: ArrayLike<number>): string {
  if (decoder.kind === 'classes') return classLabel(decoder, argmax(values));
  return unscale(decoder, values)
    .map((v) => formatNumber(v))
    .join(', ');
}

/** Values mapped back to data units (a copy; unchanged when the decoder has no scale). */
export function unscale(decoder: Decoder, values: ArrayLike<number>): number[] {
  const scale = decoder.kind === 'values' ? decoder.scale : undefined;
  return Array.from(values, (v, i) => {
    const s = scale?.[i];
    return s ? v * s.std + s.mean : v;
  });
}

/** Short, stable number formatting for tables and tooltips. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

/** Display form of a character: invisible ones get a visible stand-in. */
export function visibleChar(ch: string): string {
  if (ch === ' ') return '␣';
  if (ch === '\n') return '⏎';
  if (ch === '\t') return '⇥';
  return ch;
}

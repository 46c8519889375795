import { formatStep, visibleChar, type Decoder } from '../lab/tasks/decode.ts';

/** One step's vector as a short label; single characters get visible stand-ins for spaces and newlines. */
export function stepLabel(decoder: Decoder, values: ArrayLike<number>): string {
  const text = formatStep(decoder, values);
  return decoder.kind === 'classes' && text.length === 1 ? visibleChar(text) : text;
}

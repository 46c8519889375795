/**
 * The character language model shared by `charlm` and custom text: one-hot characters in,
 * the next character's class out, with teacher forcing (inputs are the true previous characters).
 */
import { visibleChar } from './decode.ts';
import { taskInstance } from './scaffold.ts';
import { oneHot } from './symbols.ts';
import type { TaskInstance } from './task.ts';
import type { EncodedText } from './vocab.ts';

/**
 * A sampler over windows of the text. The text is read as a loop (after its last character
 * comes its first), so any window length works even on a short rhyme.
 */
export function textLmInstance(text: EncodedText, seqLenRange: { min: number; max: number }): TaskInstance {
  const { vocab, ids } = text;
  const size = vocab.chars.length;
  const labels = vocab.chars.map(visibleChar);
  return taskInstance({
    inputSize: size,
    outputSize: size,
    seqLenRange,
    input: { kind: 'classes', labels },
    output: { kind: 'classes', labels },
    vocab,
    draw(n, seqLen, rng) {
      const current = new Int32Array(n * seqLen);
      const target = new Float32Array(n * seqLen);
      for (let i = 0; i < n; i++) {
        const start = rng.int(ids.length);
        for (let t = 0; t < seqLen; t++) {
          current[i * seqLen + t] = ids[(start + t) % ids.length] as number;
          target[i * seqLen + t] = ids[(start + t + 1) % ids.length] as number;
        }
      }
      const input = oneHot(current, size);
      return { input, inputShape: [n, seqLen, size], target, targetShape: [n, seqLen] };
    },
  });
}

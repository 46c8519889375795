import { describe, expect, it } from 'vitest';
import { buildVocab, decodeIds, encodePrompt } from './vocab.ts';

describe('vocab', () => {
  const vocab = buildVocab('the cat');

  it('round-trips a prompt made of known characters', () => {
    const encoded = encodePrompt(vocab, 'act');
    expect(encoded.ok && decodeIds(vocab, encoded.data)).toBe('act');
  });

  it('names each unknown character and its column', () => {
    const encoded = encodePrompt(vocab, 'hat!');
    expect(encoded.ok).toBe(false);
    if (!encoded.ok) expect(encoded.errors).toEqual([{ message: "'!' (column 4) is not in the text the model learned from.", column: 4 }]);
  });

  it('keeps characters outside the basic plane whole', () => {
    expect(buildVocab(Array.from('a🙂a')).chars).toEqual(['a', '🙂']);
  });
});

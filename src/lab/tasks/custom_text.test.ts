import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { customText } from './custom_text.ts';
import { buildOrThrow } from './testing.ts';

describe('custom text', () => {
  it('asks for text until some is given', () => {
    const built = customText.build({ knobs: {}, text: customText.text?.default ?? '' });
    expect(built.ok ? [] : built.errors.map((e) => e.message)).toEqual(['The text is empty: type or paste a few lines to learn from.']);
  });

  it('becomes a character language model over the given text', () => {
    const task = buildOrThrow(customText, { text: 'to be or not to be' });
    expect(task.vocab?.chars).toEqual([' ', 'b', 'e', 'n', 'o', 'r', 't']);
    expect(task.drawBatch(3, 10, new Rng(2)).targetShape).toEqual([3, 10]);
  });
});

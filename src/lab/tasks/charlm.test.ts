import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { DEFAULT_TEXT, charlm } from './charlm.ts';
import { buildOrThrow, symbolsOf, targetRow } from './testing.ts';
import { decodeIds } from './vocab.ts';

describe('charlm', () => {
  it('builds its vocabulary from the text, in code point order', () => {
    const task = buildOrThrow(charlm, { text: 'hello' });
    expect(task.vocab?.chars).toEqual(['e', 'h', 'l', 'o']);
    expect(task.inputSize).toBe(4);
    expect(task.outputSize).toBe(4);
  });

  it('teacher-forces: each target is the character after the input, reading the text as a loop', () => {
    const text = 'abcde';
    const task = buildOrThrow(charlm, { text });
    const vocab = task.vocab;
    if (!vocab) throw new Error('charlm must expose its vocabulary');
    const batch = task.drawBatch(10, 8, new Rng(4));
    expect(batch.inputShape).toEqual([10, 8, 5]);
    expect(batch.targetShape).toEqual([10, 8]);
    const loop = text.repeat(4);
    for (let i = 0; i < 10; i++) {
      const input = decodeIds(vocab, symbolsOf(batch, i));
      const target = decodeIds(vocab, targetRow(batch, i));
      expect(loop).toContain(input);
      expect(target.slice(0, -1)).toBe(input.slice(1));
      expect(loop).toContain(input + target.slice(-1));
    }
  });

  it('learns the nursery rhyme by default', () => {
    const task = buildOrThrow(charlm, { text: DEFAULT_TEXT });
    expect(task.vocab?.chars).toContain('\n');
    expect(task.output.kind === 'classes' && task.output.labels).toContain('⏎');
  });

  it('explains why a text is rejected', () => {
    const messages = (text: string) => {
      const built = charlm.build({ knobs: {}, text });
      return built.ok ? [] : built.errors.map((e) => e.message);
    };
    expect(messages('')).toEqual(['The text is empty: type or paste a few lines to learn from.']);
    expect(messages('aaaa')[0]).toMatch(/only one character \('a'\)/);
    expect(messages('ab'.repeat(3000))[0]).toMatch(/6000 characters; the limit is 5000/);
    const manyChars = Array.from({ length: 150 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(messages(manyChars)[0]).toMatch(/150 different characters; the limit is 100/);
  });

  it('treats Windows line endings as plain newlines', () => {
    expect(buildOrThrow(charlm, { text: 'ab\r\nab\r\n' }).vocab?.chars).toEqual(['\n', 'a', 'b']);
  });
});

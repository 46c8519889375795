import { describe, expect, it } from 'vitest';
import { Experiment } from './experiment.ts';
import { generateText } from './generate.ts';
import { defaultConfig } from '../config/schema.ts';

describe('generateText', () => {
  it('writes characters of the vocabulary, the same ones for the same seed', () => {
    const created = Experiment.create(defaultConfig('charlm'));
    if (!created.ok) throw new Error('charlm did not build');
    const exp = created.data;
    const vocab = exp.instance.vocab;
    if (!vocab) throw new Error('charlm has no vocab');
    const a = generateText(exp.model, vocab, [0, 1], 30, 1, 5);
    expect(a).toHaveLength(30);
    for (const ch of a) expect(vocab.chars).toContain(ch);
    expect(generateText(exp.model, vocab, [0, 1], 30, 1, 5)).toBe(a);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { reverse } from './reverse.ts';
import { buildOrThrow, symbolsOf, targetRow } from './testing.ts';

describe('reverse', () => {
  it('targets the mirrored symbol at every step and leaves the input untouched', () => {
    const task = buildOrThrow(reverse, { knobs: { symbols: 4 } });
    const batch = task.drawBatch(5, 7, new Rng(3));
    expect(batch.inputShape).toEqual([5, 7, 4]);
    for (let i = 0; i < 5; i++) {
      const symbols = symbolsOf(batch, i);
      expect(symbols.every((s) => s >= 0)).toBe(true);
      expect(targetRow(batch, i)).toEqual([...symbols].reverse());
    }
  });

  it('reads as letters: ABC becomes CBA', () => {
    const task = buildOrThrow(reverse);
    const batch = task.drawBatch(200, 3, new Rng(11));
    const labels = task.output.kind === 'classes' ? task.output.labels : [];
    const words = Array.from({ length: 200 }, (_, i) => [symbolsOf(batch, i), targetRow(batch, i)] as const);
    const abc = words.find(([input]) => input.join('') === '012');
    expect(abc).toBeDefined();
    expect(abc?.[1].map((s) => labels[s]).join('')).toBe('CBA');
  });
});

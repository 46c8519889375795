import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { echo, echoTargets } from './echo.ts';
import { IGNORE_INDEX } from './task.ts';
import { buildOrThrow, symbolsOf, targetRow } from './testing.ts';

describe('echo', () => {
  it('repeats the symbol from k steps back and ignores the first k steps', () => {
    expect(echoTargets([0, 1, 2, 3, 1], 2)).toEqual([IGNORE_INDEX, IGNORE_INDEX, 0, 1, 2]);
    expect(echoTargets([3, 1], 1)).toEqual([IGNORE_INDEX, 3]);
  });

  it('draws one-hot symbols and their delayed copies', () => {
    const task = buildOrThrow(echo, { knobs: { delay: 2, symbols: 3 } });
    const batch = task.drawBatch(6, 10, new Rng(9));
    expect(batch.inputShape).toEqual([6, 10, 3]);
    expect(batch.targetShape).toEqual([6, 10]);
    for (let i = 0; i < 6; i++) {
      const symbols = symbolsOf(batch, i);
      expect(symbols.every((s) => s >= 0 && s < 3)).toBe(true);
      expect(targetRow(batch, i)).toEqual(echoTargets(symbols, 2));
    }
  });

  it('needs sequences longer than the delay', () => {
    const task = buildOrThrow(echo, { knobs: { delay: 7 } });
    expect(task.seqLenRange.min).toBe(8);
    expect(() => task.drawBatch(2, 7, new Rng(1))).toThrow(RangeError);
  });
});

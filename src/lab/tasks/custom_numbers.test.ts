import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { customNumbers } from './custom_numbers.ts';
import { unscale } from './decode.ts';
import { buildOrThrow } from './testing.ts';

describe('custom numbers', () => {
  it('trains on the worked example before anything is pasted', () => {
    const task = buildOrThrow(customNumbers, { text: customNumbers.text?.default ?? '' });
    expect([task.inputSize, task.outputSize, task.seqLenRange.max]).toEqual([1, 1, 19]);
  });

  it('predicts the next step of every channel, standardised, and shows it back in data units', () => {
    const text = 'a,b\n' + Array.from({ length: 30 }, (_, t) => `${t},${100 - 2 * t}`).join('\n');
    const task = buildOrThrow(customNumbers, { text });
    const batch = task.drawBatch(4, 5, new Rng(6));
    expect(batch.inputShape).toEqual([4, 5, 2]);
    expect(batch.targetShape).toEqual([4, 5, 2]);
    for (let k = 0; k < batch.input.length; k += 2) {
      const [a, b] = unscale(task.input, batch.input.subarray(k, k + 2));
      const [nextA, nextB] = unscale(task.output, batch.target.subarray(k, k + 2));
      expect(b).toBeCloseTo(100 - 2 * (a ?? 0), 3);
      expect(nextA).toBeCloseTo((a ?? 0) + 1, 3);
      expect(nextB).toBeCloseTo((b ?? 0) - 2, 3);
    }
    const mean = batch.input.reduce((s, v) => s + v, 0) / batch.input.length;
    expect(Math.abs(mean)).toBeLessThan(1.5);
  });

  it('with standardise 0, feeds the numbers as they are (what a model trained elsewhere expects)', () => {
    const text = 'a,b\n' + Array.from({ length: 10 }, (_, t) => `${t * 0.5},${100 - 2 * t}`).join('\n');
    const task = buildOrThrow(customNumbers, { text, knobs: { standardise: 0 } });
    const batch = task.drawBatch(1, 9, new Rng(1));
    expect([...batch.input.subarray(0, 4)]).toEqual([0, 100, 0.5, 98]);
    expect([...batch.target.subarray(0, 2)]).toEqual([0.5, 98]);
  });

  it('limits windows to what the data holds', () => {
    const task = buildOrThrow(customNumbers, { text: '1,2,3,4\n5,6,7,8' });
    expect(task.seqLenRange).toEqual({ min: 1, max: 3 });
    expect(() => task.drawBatch(2, 4, new Rng(1))).toThrow(RangeError);
    const full = task.drawBatch(2, 3, new Rng(1));
    expect(Array.from(full.target).every(Number.isFinite)).toBe(true);
  });

  it('keeps a constant channel finite', () => {
    const task = buildOrThrow(customNumbers, { text: 'x\n5\n5\n5' });
    expect(Array.from(task.drawBatch(1, 2, new Rng(1)).input)).toEqual([0, 0]);
  });

  it('passes parse errors through, with their lines', () => {
    const built = customNumbers.build({ knobs: {}, text: '1,2\n3,z' });
    expect(built.ok ? [] : built.errors).toEqual([{ message: "'z' is not a number.", line: 2, column: 2 }]);
  });
});

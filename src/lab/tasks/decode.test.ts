import { describe, expect, it } from 'vitest';
import { argmax, classLabel, formatStep, unscale, visibleChar, type Decoder } from './decode.ts';

const classes: Decoder = { kind: 'classes', labels: ['A', 'B', 'C'] };
const values: Decoder = { kind: 'values', channels: ['t', 'r'], scale: [{ mean: 10, std: 2 }, { mean: 0, std: 1 }] };

describe('decoders', () => {
  it('reads a score vector as its best label', () => {
    expect(argmax([0.1, 3, -2])).toBe(1);
    expect(argmax([1, 1])).toBe(0);
    expect(argmax([])).toBe(-1);
    expect(formatStep(classes, [0, 0, 1])).toBe('C');
  });

  it('shows ignored targets as a dot', () => {
    expect(classLabel(classes, -100)).toBe('·');
    expect(classLabel(classes, 1)).toBe('B');
  });

  it('maps standardised values back to data units', () => {
    expect(unscale(values, [1, -0.5])).toEqual([12, -0.5]);
    expect(formatStep(values, [0.5, 0.25])).toBe('11, 0.250');
  });

  it('makes whitespace visible', () => {
    expect([' ', '\n', 'a'].map(visibleChar)).toEqual(['␣', '⏎', 'a']);
  });
});

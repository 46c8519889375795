import { describe, expect, it } from 'vitest';
import { formatTick, formatValue } from './number.ts';

describe('the app number formatter', () => {
  it('writes tiny values in scientific notation and round ticks plainly', () => {
    expect(formatValue(3.2e-9)).toBe('3.2e-9');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0)).toBe('0');
    expect(formatTick(1500)).toBe('1500');
    expect(formatTick(1e-6)).toBe('1e-6');
    expect(formatTick(0.25)).toBe('0.25');
  });

  it('writes very large values in scientific notation, and negatives with a minus Number() parses', () => {
    expect(formatValue(5.753e20)).toBe('5.753e+20');
    expect(formatValue(-0.5)).toBe('-0.5');
    expect(Number(formatValue(-1.23456e-7))).toBeCloseTo(-1.235e-7, 12);
    expect(formatTick(-0.25)).toBe('-0.25');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});

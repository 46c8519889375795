import { describe, expect, it } from 'vitest';
import { formatLoss, formatMetric } from './metric.ts';
import { formatPercent, formatReadout, formatTick, formatValue } from './number.ts';

describe('the app number formatter', () => {
  it('writes tiny values in scientific notation and round ticks plainly', () => {
    expect(formatValue(3.2e-9)).toBe('3.2e-9');
    expect(formatValue(1e-8)).toBe('1e-8');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0.001234)).toBe('0.001234');
    expect(formatValue(0)).toBe('0');
    expect(formatTick(1500)).toBe('1500');
    expect(formatTick(1e-6)).toBe('1e-6');
    expect(formatTick(0.25)).toBe('0.25');
  });

  it('writes very large values in scientific notation, and negatives with a minus Number() parses', () => {
    expect(formatValue(5.753e20)).toBe('5.753e+20');
    expect(formatValue(-5.753e20)).toBe('-5.753e+20');
    expect(formatValue(100000)).toBe('1e+5');
    expect(formatValue(-0.5)).toBe('-0.5');
    expect(Number(formatValue(-1.23456e-7))).toBeCloseTo(-1.235e-7, 12);
    expect(formatTick(-0.25)).toBe('-0.25');
    expect(formatTick(5e20)).toBe('5e20');
  });

  it('writes whole numbers whole below 100000, where four significant digits would round them', () => {
    expect(formatValue(7)).toBe('7');
    expect(formatValue(-42)).toBe('-42');
    expect(formatValue(12345)).toBe('12345');
    expect(formatValue(99999)).toBe('99999');
    expect(formatValue(12345.678)).toBe('12350');
  });

  it('prints -0 as 0, and NaN and ±Infinity as JavaScript and Python read them back', () => {
    expect(formatValue(-0)).toBe('0');
    expect(formatReadout(-0)).toBe('0');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('Infinity');
    expect(formatValue(-Infinity)).toBe('-Infinity');
    expect(Number(formatValue(-Infinity))).toBe(-Infinity);
    expect(formatTick(Number.NaN)).toBe('NaN');
    expect(formatPercent(Number.NaN)).toBe('NaN');
  });

  it('keeps a readout four decimals wide in the middle range and scientific outside it', () => {
    expect(formatReadout(1.5)).toBe('1.5000');
    expect(formatReadout(583726.3125)).toBe('5.837e+5');
    expect(formatReadout(5.753e20)).toBe('5.753e+20');
    expect(formatReadout(3.2e-5)).toBe('3.2e-5');
    expect(formatReadout(Infinity)).toBe('Infinity');
    expect(formatLoss(undefined)).toBe('–');
    expect(formatLoss(5.753e20)).toBe('5.753e+20');
    expect(formatMetric('accuracy', 0.87345)).toBe('87.3%');
    expect(formatMetric('mse', Number.NaN)).toBe('NaN');
  });
});

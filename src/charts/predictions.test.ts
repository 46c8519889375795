import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../lab/run/experiment.ts';
import type { Decoder } from '../lab/tasks/decode.ts';
import { classStrip, valueSeries, wrapStrip } from './predictions.ts';

const chars: Decoder = { kind: 'classes', labels: ['a', ' ', 'c'] };
const base: Omit<ProbeResult, 'output' | 'target'> = {
  input: [Float32Array.of(1, 0, 0), Float32Array.of(0, 1, 0), Float32Array.of(0, 0, 1)],
  loss: 0,
  index: 0,
  length: 3,
  layers: [],
};

describe('predictions', () => {
  it('marks each judged step right or wrong, skips ignored ones, shows spaces', () => {
    const probe: ProbeResult = {
      ...base,
      output: [Float32Array.of(0, 2, 0), Float32Array.of(3, 0, 0), Float32Array.of(0, 0, 1)],
      target: [Float32Array.of(1), Float32Array.of(2), Float32Array.of(-100)],
    };
    const cells = classStrip(probe, chars, 'every_step', chars);
    expect(cells.map((c) => c.correct)).toEqual([true, false, undefined]);
    expect(cells[0]?.predicted).toBe('␣');
    expect(cells[1]?.input).toBe('␣');
    expect(cells[1]?.target).toBe('c');
  });

  it('judges a last-step task only at the last valid step', () => {
    const probe: ProbeResult = { ...base, output: base.input, target: [Float32Array.of(2)] };
    expect(classStrip(probe, chars, 'last_step').map((c) => c.correct)).toEqual([undefined, undefined, true]);
  });

  it('puts values back into data units', () => {
    const decoder: Decoder = { kind: 'values', channels: ['y'], scale: [{ mean: 10, std: 2 }] };
    const probe: ProbeResult = { ...base, output: [Float32Array.of(0), Float32Array.of(1), Float32Array.of(-1)], target: [Float32Array.of(0.5)] };
    const [s] = valueSeries(probe, decoder, 'last_step');
    expect(s?.predicted).toEqual([10, 12, 8]);
    expect(s?.target).toEqual([{ t: 2, v: 11 }]);
  });

  it('wraps a long strip into lines of equal cells', () => {
    expect(wrapStrip(200, 700, 14, 36)).toEqual({ perLine: 50, lines: 4, cell: 14 });
    expect(wrapStrip(5, 700, 14, 36).cell).toBe(36);
  });
});

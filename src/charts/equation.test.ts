import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../lab/run/experiment.ts';
import type { PlainArray } from '../lab/run/plain.ts';
import { layerInput, topTerms, unitEquation } from './equation.ts';

const m = (shape: number[], values: number[]): PlainArray => ({ shape, data: Float32Array.from(values) });

// One tanh layer, hidden 2, input 1, hand-checked: pre_0 at t=1 = 2*0.5 + 0.1 + (1*h0_0 + 0*h0_1) + 0.2.
const weights = {
  'rnn.weight_ih_l0': m([2, 1], [2, -1]),
  'rnn.weight_hh_l0': m([2, 2], [1, 0, 0, 1]),
  'rnn.bias_ih_l0': m([2], [0.1, 0]),
  'rnn.bias_hh_l0': m([2], [0.2, 0]),
};
const h0 = Float32Array.of(Math.tanh(2 * 1 + 0.3), Math.tanh(-1));
const pre1 = 2 * 0.5 + 0.1 + (h0[0] ?? 0) + 0.2;
const probe: ProbeResult = {
  input: [Float32Array.of(1), Float32Array.of(0.5)],
  output: [],
  loss: 0,
  index: 0,
  length: 2,
  target: [],
  layers: [
    {
      layer: 0,
      direction: 0,
      hidden: [h0, Float32Array.of(Math.tanh(pre1), 0)],
      preactivation: [Float32Array.of(2.3, -1), Float32Array.of(pre1, 0)],
      gradHidden: [],
      gradNorm: [],
    },
  ],
};

describe('unitEquation', () => {
  it('adds up the pre-activation the probe recorded, term by term', () => {
    const eq = unitEquation({ weights, probe, layer: 0, direction: 0, unit: 0, t: 1, nonlinearity: 'tanh' });
    expect(eq).not.toBeNull();
    expect(eq?.inputDot).toBeCloseTo(1, 6);
    expect(eq?.recurrentDot).toBeCloseTo(h0[0] ?? 0, 6);
    expect(eq?.biasIh).toBeCloseTo(0.1, 6);
    expect(eq?.pre).toBeCloseTo(eq?.recordedPre ?? NaN, 5);
    expect(eq?.h).toBeCloseTo(Math.tanh(pre1), 5);
    expect(eq?.prevT).toBe(0);
  });

  it('starts from zeros at t = 0, and accepts bare nn.RNN names', () => {
    const bare = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k.replace('rnn.', ''), v]));
    const eq = unitEquation({ weights: bare, probe, layer: 0, direction: 0, unit: 0, t: 0, nonlinearity: 'tanh' });
    expect(eq?.prevT).toBeNull();
    expect(eq?.recurrentDot).toBe(0);
    expect(eq?.pre).toBeCloseTo(2.3, 6);
  });

  it('returns null for a unit, step or layer that is not there', () => {
    expect(unitEquation({ weights, probe, layer: 0, direction: 0, unit: 5, t: 0, nonlinearity: 'tanh' })).toBeNull();
    expect(unitEquation({ weights, probe, layer: 0, direction: 0, unit: 0, t: 9, nonlinearity: 'tanh' })).toBeNull();
    expect(unitEquation({ weights, probe, layer: 1, direction: 0, unit: 0, t: 0, nonlinearity: 'tanh' })).toBeNull();
  });

  it('feeds layer 1 the layer below, forward then reverse', () => {
    const two: ProbeResult = {
      ...probe,
      layers: [
        { ...probe.layers[0]!, direction: 1, hidden: [Float32Array.of(7, 8)] },
        { ...probe.layers[0]!, direction: 0, hidden: [Float32Array.of(5, 6)] },
      ],
    };
    expect(Array.from(layerInput(two, 1, 0))).toEqual([5, 6, 7, 8]);
  });

  it('lists the largest terms and sums the rest', () => {
    const terms = [1, -5, 0.5, 3].map((product, j) => ({ j, w: product, v: 1, product }));
    const { top, restSum, restCount } = topTerms(terms, 2);
    expect(top.map((t) => t.j)).toEqual([1, 3]);
    expect(restSum).toBeCloseTo(1.5, 12);
    expect(restCount).toBe(2);
  });
});

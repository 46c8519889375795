/**
 * Every chart drawn from data that holds NaN and ±Infinity: no SVG attribute or style receives a
 * non-finite number, each chart marks them with the chart kit's marks and lists them in its key,
 * and the finite values keep a scale that shows them.
 */
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProbeResult } from '../lab/run/experiment.ts';
import type { LayerTrace } from '../lab/run/probes.ts';
import { EquationPanel } from './EquationPanel.tsx';
import { GradientHistory } from './GradientHistory.tsx';
import { GradientNorms } from './GradientNorms.tsx';
import { HiddenHeatmap } from './HiddenHeatmap.tsx';
import { LossCurve } from './LossCurve.tsx';
import { finiteExtent, finiteY, markY, nonFiniteKind, nonFiniteKinds } from './nonfinite.ts';
import { Predictions } from './Predictions.tsx';
import { SpectralRadius } from './SpectralRadius.tsx';
import { UnrolledNetwork } from './UnrolledNetwork.tsx';
import { WeightHeatmap } from './WeightHeatmap.tsx';

function render<P extends object>(component: FunctionComponent<P>, props: P): string {
  return renderToStaticMarkup(createElement(component, props));
}

/** Attributes other than data-* whose value holds NaN or Infinity: what makes the browser log `Expected number`. */
function badAttributes(html: string): string[] {
  return Array.from(html.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g))
    .filter(([, name, value]) => !name!.startsWith('data-') && name !== 'aria-label' && /NaN|Infinity/.test(value!))
    .map(([all]) => all.trim());
}

/** The kinds of the marks (or key entries) with `testId`. */
function kindsOf(html: string, testId: string): string[] {
  return Array.from(html.matchAll(new RegExp(`data-testid="${testId}" data-kind="([^"]+)"`, 'g')), (m) => m[1]!);
}

const f32 = (...v: number[]) => Float32Array.from(v);

/** One forward layer over 4 steps, hidden 2: NaN and +Infinity in h_t and dL/dh_t at t = 0 and 1. */
const trace: LayerTrace = {
  layer: 0,
  direction: 0,
  hidden: [f32(NaN, 0.5), f32(Infinity, -0.2), f32(0.1, 0.3), f32(-0.4, 0.9)],
  preactivation: [f32(NaN, 0.6), f32(Infinity, -0.2), f32(0.1, 0.3), f32(-0.4, 1.5)],
  gradHidden: [f32(NaN, 1e-6), f32(Infinity, 1e-4), f32(0.01, -0.02), f32(0.5, 2)],
  gradNorm: [NaN, Infinity, 0.0224, 2.06],
};

const probe: ProbeResult = {
  input: [f32(1), f32(0.5), f32(-1), f32(0)],
  output: [f32(NaN), f32(Infinity), f32(0.2), f32(-Infinity)],
  loss: NaN,
  layers: [trace],
  index: 0,
  length: 4,
  target: [f32(0.1), f32(NaN), f32(0.3), f32(0.4)],
};

const weights = {
  'rnn.weight_ih_l0': { shape: [2, 1], data: f32(NaN, 0.5) },
  'rnn.weight_hh_l0': { shape: [2, 2], data: f32(Infinity, 0.3, -0.7, 0.2) },
  'rnn.bias_ih_l0': { shape: [2], data: f32(0.1, 0) },
  'rnn.bias_hh_l0': { shape: [2], data: f32(0, -Infinity) },
};

describe('non-finite values, the helpers', () => {
  it('names each kind and finds the extent of the finite values', () => {
    expect([NaN, Infinity, -Infinity, 0, -0, 5.753e20].map(nonFiniteKind)).toEqual(['nan', 'inf', '-inf', null, null, null]);
    expect(nonFiniteKinds([-Infinity, 1, NaN, -Infinity])).toEqual(['nan', '-inf']);
    expect(finiteExtent([NaN, 3, Infinity, -2, -Infinity])).toEqual([-2, 3]);
    expect(finiteExtent([NaN, Infinity], [1e-12, 1])).toEqual([1e-12, 1]);
    expect(finiteY((v) => v * 2, NaN)).toBeNull();
    expect(finiteY((v) => v * 2, 3)).toBe(6);
    expect(finiteY(() => NaN, 3)).toBeNull();
    // +Infinity and NaN on the top edge, -Infinity on the bottom one.
    expect(markY('inf', 100)).toBeLessThan(10);
    expect(markY('nan', 100)).toBeLessThan(10);
    expect(markY('-inf', 100)).toBeGreaterThan(90);
  });
});

describe('every chart marks NaN and ±Infinity and gives no SVG attribute a non-finite number', () => {
  // React reports a NaN attribute with console.error, as the browser does an SVG one.
  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    expect(errors.mock.calls).toEqual([]);
    errors.mockRestore();
  });

  it('the loss curve: held-out NaN, training +Infinity and the step where training stopped', () => {
    const history = [
      { step: 0, loss: 2.5, metric: 0.3, gradNorm: 1 },
      { step: 1, loss: 1.5, metric: 0.4, gradNorm: 1, evalLoss: 1.7, evalMetric: 0.35 },
      { step: 2, loss: Infinity, metric: NaN, gradNorm: Infinity, evalLoss: NaN, evalMetric: NaN },
    ];
    for (const logLoss of [false, true]) {
      const html = render(LossCurve, { history, metric: 'mse', logLoss, width: 500, stopped: { step: 3, value: NaN, where: 'the training loss' } });
      expect(badAttributes(html)).toEqual([]);
      // Training loss +Infinity, held-out loss NaN, both metrics NaN, and the stop step's NaN.
      expect(kindsOf(html, 'nonfinite-mark').sort()).toEqual(['inf', 'nan', 'nan', 'nan', 'nan']);
      expect(html).toContain('data-testid="stop-mark" data-kind="nan"');
      expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf', 'nan']);
      expect(html).toContain('step 3: the training loss became NaN, training stopped');
      // The finite losses keep their scale: its ticks reach 2.5, not a scale stretched to Infinity.
      expect(html).toMatch(logLoss ? />1<\/text>/ : />2.5<\/text>/);
    }
  });

  it('the spectral radius chart', () => {
    const points = [
      { step: 0, radius: { l0: 1.5 } },
      { step: 1, radius: { l0: NaN } },
    ];
    const html = render(SpectralRadius, { points, width: 400, stopped: { step: 2, value: Infinity, where: 'the gradient of rnn.weight_hh_l0' } });
    expect(badAttributes(html)).toEqual([]);
    expect(kindsOf(html, 'nonfinite-mark')).toEqual(['nan', 'inf']);
    expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf']);
  });

  it('the gradient per timestep: the line breaks, the marks sit on the edge, the log axis spans the finite norms', () => {
    const html = render(GradientNorms, { layers: [trace], cursor: 0, width: 400 });
    expect(badAttributes(html)).toEqual([]);
    expect(kindsOf(html, 'nonfinite-mark')).toEqual(['nan', 'inf']);
    expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf']);
    expect(html).toContain('>0.01<');
    // No geometric factor can be read from a NaN end.
    expect(html).not.toContain('per step back');
  });

  it('the hidden-state and gradient heatmaps list the hatched kinds in their legend', () => {
    for (const mode of ['forward', 'backward'] as const) {
      const html = render(HiddenHeatmap, { trace, mode, nonlinearity: 'tanh', cursor: 1, width: 400 });
      expect(badAttributes(html)).toEqual([]);
      expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf']);
    }
    const backward = render(HiddenHeatmap, { trace, mode: 'backward', nonlinearity: 'tanh', cursor: 1, width: 400 });
    // The colour bar spans the finite gradients (largest |dL/dh| is 2), not Infinity.
    expect(backward).toContain('-2 … 2');
  });

  it('the gradient history heatmap', () => {
    const history = [
      { step: 0, norms: { l0: [0.1, 1, 10] } },
      { step: 1, norms: { l0: [NaN, -Infinity, 10] } },
    ];
    const html = render(GradientHistory, { history, layerKey: 'l0', width: 400 });
    expect(badAttributes(html)).toEqual([]);
    expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', '-inf']);
  });

  it('the weights view', () => {
    const html = render(WeightHeatmap, { weights, layer: 0, direction: 0, width: 600 });
    expect(badAttributes(html)).toEqual([]);
    expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf']);
    expect(html).toContain('-0.7 … 0.7');
  });

  it('the unrolled view hatches its cells, forward and backward', () => {
    for (const mode of ['forward', 'backward'] as const) {
      const html = render(UnrolledNetwork, { probe, numLayers: 1, bidirectional: false, mode, cursor: 0, width: 600 });
      expect(badAttributes(html)).toEqual([]);
      expect(kindsOf(html, 'nonfinite-key')).toEqual(['nan', 'inf']);
      expect(html).toMatch(/fill="url\(#svg[A-Za-z0-9_-]+nan\)"/);
      expect(html).toMatch(/fill="url\(#svg[A-Za-z0-9_-]+inf\)"/);
    }
  });

  it('predictions: values and classes', () => {
    const values = render(Predictions, { probe, output: { kind: 'values', channels: ['y'] }, target: 'every_step', cursor: 0, width: 500 });
    expect(badAttributes(values)).toEqual([]);
    expect(kindsOf(values, 'nonfinite-mark')).toEqual(['nan', 'inf', '-inf', 'nan']);
    expect(kindsOf(values, 'nonfinite-key')).toEqual(['nan', 'inf', '-inf']);
    const classProbe: ProbeResult = { ...probe, output: [f32(NaN, 1), f32(0, 1), f32(2, 1), f32(Infinity, 0)], target: [f32(0), f32(1), f32(0), f32(1)] };
    const classes = render(Predictions, { probe: classProbe, output: { kind: 'classes', labels: ['a', 'b'] }, target: 'every_step', cursor: 0, width: 500 });
    expect(badAttributes(classes)).toEqual([]);
    expect(kindsOf(classes, 'nonfinite-mark')).toEqual(['nan', 'inf']);
    expect(kindsOf(classes, 'nonfinite-key')).toEqual(['nan', 'inf']);
  });

  it('the equation panel marks its non-finite numbers and draws no bar of NaN width', () => {
    for (const mode of ['forward', 'backward'] as const) {
      for (const t of [0, 1, 2]) {
        const html = render(EquationPanel, { weights, probe, layer: 0, direction: 0, unit: 0, t, nonlinearity: 'tanh', mode });
        expect(badAttributes(html)).toEqual([]);
        expect(html).toMatch(/data-nonfinite="(nan|inf|-inf)"/);
      }
    }
  });
});

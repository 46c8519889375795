/**
 * Synthetic data for the dev-only chart gallery: a two-layer bidirectional tanh RNN whose
 * gradients vanish by a constant factor per step, a noisy loss curve, weights, spectra.
 */
import type { ProbeResult } from '../../lab/run/experiment.ts';
import type { PlainArray } from '../../lab/run/plain.ts';
import type { LayerTrace } from '../../lab/run/probes.ts';
import { layerKey } from '../../lab/run/layer_key.ts';
import type { GradientHistoryRow, SpectralPoint, TrainingPoint } from '../../lab/host/protocol.ts';
import type { Decoder } from '../../lab/tasks/decode.ts';

/** Deterministic noise in [-1, 1] (a small LCG, so screenshots are stable). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

export const TEXT = 'hello world, hello rnn! the quick brown fox jumps';
export const VOCAB = Array.from(new Set(TEXT)).sort();
export const charDecoder: Decoder = { kind: 'classes', labels: VOCAB };
export const valueDecoder: Decoder = { kind: 'values', channels: ['y'], scale: [{ mean: 0, std: 1 }] };

function oneHot(i: number, n: number): Float32Array {
  const v = new Float32Array(n);
  v[i] = 1;
  return v;
}

/** Runs one layer/direction's recurrence with the fixture weights, so the equation panel adds up. */
function trace(layer: number, direction: number, inputs: Float32Array[], w: Record<string, PlainArray>, factor: number): LayerTrace {
  const T = inputs.length;
  const k = layerKey(layer, direction);
  const wih = w[`rnn.weight_ih_${k}`];
  const whh = w[`rnn.weight_hh_${k}`];
  const bih = w[`rnn.bias_ih_${k}`];
  const bhh = w[`rnn.bias_hh_${k}`];
  if (!wih || !whh || !bih || !bhh) throw new Error(`fixture weights lack ${k}`);
  const [H = 0, I = 0] = wih.shape;
  const r = noise(17 + layer * 7 + direction);
  const hidden: Float32Array[] = new Array(T);
  const preactivation: Float32Array[] = new Array(T);
  let prev = new Float32Array(H);
  for (let k2 = 0; k2 < T; k2++) {
    const t = direction === 0 ? k2 : T - 1 - k2;
    const x = inputs[t] ?? new Float32Array(I);
    const pre = Float32Array.from({ length: H }, (_, i) => {
      let s = (bih.data[i] ?? 0) + (bhh.data[i] ?? 0);
      for (let j = 0; j < I; j++) s += (wih.data[i * I + j] ?? 0) * (x[j] ?? 0);
      for (let j = 0; j < H; j++) s += (whh.data[i * H + j] ?? 0) * (prev[j] ?? 0);
      return s;
    });
    preactivation[t] = pre;
    prev = pre.map(Math.tanh);
    hidden[t] = prev;
  }
  const gradHidden: Float32Array[] = [];
  const gradNorm: number[] = [];
  for (let t = 0; t < T; t++) {
    const back = direction === 0 ? T - 1 - t : t;
    const target = factor ** back * 0.8;
    const g = Float32Array.from({ length: H }, () => r());
    const n = Math.hypot(...g);
    gradHidden.push(g.map((v) => (v / n) * target));
    gradNorm.push(target);
  }
  return { layer, direction, hidden, preactivation, gradHidden, gradNorm };
}

export function textProbe(T = 40, H = 16, layers = 2, bidirectional = true): ProbeResult {
  const input = Array.from({ length: T }, (_, t) => oneHot(VOCAB.indexOf(TEXT[t % TEXT.length] ?? 'h'), VOCAB.length));
  const r = noise(5);
  const output = Array.from({ length: T }, (_, t) => {
    const next = VOCAB.indexOf(TEXT[(t + 1) % TEXT.length] ?? 'h');
    const guess = r() > -0.4 ? next : (next + 3) % VOCAB.length;
    return Float32Array.from({ length: VOCAB.length }, (_, i) => (i === guess ? 3 : r()));
  });
  const w = weights(VOCAB.length, H, layers, bidirectional);
  const traces: LayerTrace[] = [];
  let below = input;
  for (let l = 0; l < layers; l++) {
    const here: LayerTrace[] = [];
    for (let d = 0; d < (bidirectional ? 2 : 1); d++) here.push(trace(l, d, below, w, 0.78 + 0.1 * l));
    traces.push(...here);
    below = below.map((_, t) => Float32Array.from(here.flatMap((tr) => Array.from(tr.hidden[t] ?? []))));
  }
  return {
    input,
    output,
    loss: 1.23,
    layers: traces,
    index: 0,
    length: T,
    target: Array.from({ length: T }, (_, t) => Float32Array.of(VOCAB.indexOf(TEXT[(t + 1) % TEXT.length] ?? 'h'))),
  };
}

export function sineProbe(T = 60): ProbeResult {
  const r = noise(9);
  const base = textProbe(T, 8, 1, false);
  return {
    ...base,
    input: Array.from({ length: T }, (_, t) => Float32Array.of(Math.sin(t * 0.3))),
    output: Array.from({ length: T }, (_, t) => Float32Array.of(Math.sin((t + 1) * 0.3) * (t < 5 ? 0.3 : 0.95) + 0.05 * r())),
    target: Array.from({ length: T }, (_, t) => Float32Array.of(Math.sin((t + 1) * 0.3))),
  };
}

export function lossHistory(n = 2000): TrainingPoint[] {
  const r = noise(3);
  return Array.from({ length: n }, (_, i) => {
    const step = i + 1;
    const loss = 2.5 * Math.exp(-step / 400) + 0.08 + 0.06 * r() * Math.exp(-step / 1500) + (step === 700 ? 1.5 : 0);
    const p: TrainingPoint = { step, loss, metric: Math.min(1, 1 - loss / 2.8 + 0.03 * r()), gradNorm: 1 };
    if (step % 50 === 0) {
      p.evalLoss = loss * 1.1 + 0.02;
      p.evalMetric = Math.max(0, (p.metric ?? 0) - 0.04);
    }
    return p;
  });
}

export function gradientHistory(T = 40, rows = 120, layers = 2, bidirectional = true): GradientHistoryRow[] {
  return Array.from({ length: rows }, (_, i) => {
    const step = (i + 1) * 5;
    const factor = 0.95 - 0.35 * (i / rows);
    const norms: Record<string, number[]> = {};
    for (let l = 0; l < layers; l++) {
      for (let d = 0; d < (bidirectional ? 2 : 1); d++) {
        norms[layerKey(l, d)] = Array.from({ length: T }, (_, t) => factor ** (d === 0 ? T - 1 - t : t) * (i === 60 ? 0 : 1));
      }
    }
    return { step, norms };
  });
}

export function spectral(n = 200): SpectralPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    step: (i + 1) * 10,
    radius: { l0: 0.6 + 0.5 * (1 - Math.exp(-i / 60)), l0_reverse: 0.55 + 0.3 * (1 - Math.exp(-i / 40)), l1: 0.9 + 0.002 * i },
  }));
}

function matrix(rows: number, cols: number, seed: number, gain: number): PlainArray {
  const r = noise(seed);
  return { shape: [rows, cols], data: Float32Array.from({ length: rows * cols }, () => r() * gain) };
}

export function weights(inputSize: number, H: number, layers: number, bidirectional: boolean): Record<string, PlainArray> {
  const out: Record<string, PlainArray> = {};
  for (let l = 0; l < layers; l++) {
    for (let d = 0; d < (bidirectional ? 2 : 1); d++) {
      const k = layerKey(l, d);
      const inSize = l === 0 ? inputSize : H * (bidirectional ? 2 : 1);
      out[`rnn.weight_ih_${k}`] = matrix(H, inSize, 11 + l * 4 + d, 0.5);
      out[`rnn.weight_hh_${k}`] = matrix(H, H, 21 + l * 4 + d, 0.3);
      out[`rnn.bias_ih_${k}`] = { shape: [H], data: matrix(1, H, 31 + l, 0.1).data };
      out[`rnn.bias_hh_${k}`] = { shape: [H], data: matrix(1, H, 41 + l, 0.1).data };
    }
  }
  return out;
}

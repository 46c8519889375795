import type { ProbeResult } from '../lab/run/experiment.ts';
import type { PlainArray } from '../lab/run/plain.ts';
import { findParam } from './weights.ts';

/** Which unit's equation: the run's weights and probe, a layer and direction, a unit, a timestep. */
export interface UnitAt {
  /** `RunFrame.weights`, by PyTorch name (`rnn.weight_ih_l0`...). */
  weights: Readonly<Record<string, PlainArray>>;
  probe: ProbeResult;
  layer: number;
  direction: number;
  unit: number;
  t: number;
  nonlinearity: 'tanh' | 'relu';
}

/** One product w_ij * v_j of a dot product. */
export interface Term {
  j: number;
  w: number;
  v: number;
  product: number;
}

/** h_t[i] = act(W_ih[i]·x_t + b_ih[i] + W_hh[i]·h_prev + b_hh[i]), every number of it. */
export interface UnitEquation {
  input: Term[];
  recurrent: Term[];
  inputDot: number;
  recurrentDot: number;
  /** Null when the model has no biases. */
  biasIh: number | null;
  biasHh: number | null;
  pre: number;
  h: number;
  /** The timestep h_prev comes from (t-1 forward, t+1 reverse), or null at the sequence's start (h_0 = 0). */
  prevT: number | null;
  /** What the probe recorded for this unit, to check the arithmetic against. */
  recordedPre: number | undefined;
  recordedH: number | undefined;
}

function dot(row: Float32Array, v: ArrayLike<number>): Term[] {
  return Array.from(row, (w, j) => {
    const x = v[j] ?? 0;
    return { j, w, v: x, product: w * x };
  });
}

function rowOf(m: PlainArray, i: number): Float32Array {
  const cols = m.shape[1] ?? 0;
  return m.data.subarray(i * cols, (i + 1) * cols);
}

/**
 * The input a layer sees at t: the example's x_t for layer 0, else the layer below's h_t (both
 * directions concatenated, forward first, as nn.RNN does).
 */
export function layerInput(probe: ProbeResult, layer: number, t: number): Float32Array {
  if (layer === 0) return probe.input[t] ?? new Float32Array(0);
  const below = probe.layers.filter((tr) => tr.layer === layer - 1).sort((a, b) => a.direction - b.direction);
  const parts = below.map((tr) => tr.hidden[t] ?? new Float32Array(0));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function unitEquation({ weights, probe, layer, direction, unit, t, nonlinearity }: UnitAt): UnitEquation | null {
  const wIh = findParam(weights, 'weight_ih', layer, direction);
  const wHh = findParam(weights, 'weight_hh', layer, direction);
  const trace = probe.layers.find((tr) => tr.layer === layer && tr.direction === direction);
  if (!wIh || !wHh || !trace || unit < 0 || unit >= (wIh.shape[0] ?? 0) || t < 0 || t >= trace.hidden.length) return null;
  const bIh = findParam(weights, 'bias_ih', layer, direction)?.data[unit] ?? null;
  const bHh = findParam(weights, 'bias_hh', layer, direction)?.data[unit] ?? null;
  const prevT = direction === 0 ? (t > 0 ? t - 1 : null) : t < trace.hidden.length - 1 ? t + 1 : null;
  const hPrev = prevT === null ? new Float32Array(wHh.shape[1] ?? 0) : (trace.hidden[prevT] ?? new Float32Array(0));
  const input = dot(rowOf(wIh, unit), layerInput(probe, layer, t));
  const recurrent = dot(rowOf(wHh, unit), hPrev);
  const sum = (terms: Term[]) => terms.reduce((s, p) => s + p.product, 0);
  const inputDot = sum(input);
  const recurrentDot = sum(recurrent);
  const pre = inputDot + (bIh ?? 0) + recurrentDot + (bHh ?? 0);
  return {
    input,
    recurrent,
    inputDot,
    recurrentDot,
    biasIh: bIh,
    biasHh: bHh,
    pre,
    h: nonlinearity === 'tanh' ? Math.tanh(pre) : Math.max(0, pre),
    prevT,
    recordedPre: trace.preactivation[t]?.[unit],
    recordedH: trace.hidden[t]?.[unit],
  };
}

/** The `k` largest terms by |product|, and the sum and count of the rest. */
export function topTerms(terms: readonly Term[], k: number): { top: Term[]; restSum: number; restCount: number } {
  const sorted = [...terms].sort((a, b) => Math.abs(b.product) - Math.abs(a.product));
  const rest = sorted.slice(k);
  return { top: sorted.slice(0, k), restSum: rest.reduce((s, p) => s + p.product, 0), restCount: rest.length };
}

/**
 * dL/dh_t[i] split as backpropagation through time builds it: what arrives from the next step
 * through W_hh^T and the activation's derivative, sum_j W_hh[j][i] act'(pre_next[j]) dL/dh_next[j],
 * and the rest, which comes from the output at t (or, below the top layer, from the layer above).
 */
export interface UnitGradient {
  total: number;
  /** The step the recurrent part comes from (t+1 forward, t-1 reverse), or null at the end. */
  nextT: number | null;
  recurrent: number;
  fromOutput: number;
  /** The recurrent part's products W_hh[j][i] * act'(pre_next[j]) * dL/dh_next[j]. */
  terms: Term[];
}

export function unitGradient({ weights, probe, layer, direction, unit, t, nonlinearity }: UnitAt): UnitGradient | null {
  const wHh = findParam(weights, 'weight_hh', layer, direction);
  const trace = probe.layers.find((tr) => tr.layer === layer && tr.direction === direction);
  const H = wHh?.shape[0] ?? 0;
  if (!wHh || !trace || unit < 0 || unit >= H || t < 0 || t >= trace.gradHidden.length) return null;
  const total = trace.gradHidden[t]?.[unit] ?? Number.NaN;
  const nextT = direction === 0 ? (t < trace.gradHidden.length - 1 ? t + 1 : null) : t > 0 ? t - 1 : null;
  const terms: Term[] = [];
  if (nextT !== null) {
    const g = trace.gradHidden[nextT] ?? new Float32Array(H);
    const pre = trace.preactivation[nextT] ?? new Float32Array(H);
    const h = trace.hidden[nextT] ?? new Float32Array(H);
    for (let j = 0; j < H; j++) {
      // tanh' = 1 - h^2, relu' = [pre > 0]: what the activation lets back through at step nextT.
      const slope = nonlinearity === 'tanh' ? 1 - (h[j] ?? 0) ** 2 : (pre[j] ?? 0) > 0 ? 1 : 0;
      const w = wHh.data[j * H + unit] ?? 0;
      const v = slope * (g[j] ?? 0);
      terms.push({ j, w, v, product: w * v });
    }
  }
  const recurrent = terms.reduce((s, p) => s + p.product, 0);
  return { total, nextT, recurrent, fromOutput: total - recurrent, terms };
}

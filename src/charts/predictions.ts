import type { ProbeResult } from '../lab/run/experiment.ts';
import { argmax, unscale, type Decoder } from '../lab/tasks/decode.ts';
import { IGNORE_INDEX, type TargetKind } from '../lab/tasks/task.ts';
import { stepLabel } from './labels.ts';
import { nonFiniteKinds, type NonFiniteKind } from './nonfinite.ts';

/** One timestep of a classification strip. */
export interface StripCell {
  t: number;
  /** The input symbol, when an input decoder is given. */
  input: string | undefined;
  predicted: string;
  /** The target label; undefined where this step is not judged (last-step tasks, ignored steps). */
  target: string | undefined;
  correct: boolean | undefined;
  /** The model's outputs at t held a NaN or ±Infinity (the first kind, in legend order): no class can be read. */
  nonFinite: NonFiniteKind | null;
}

/** The judged target of timestep t: every step's own, or the single one at the last valid step. */
export function targetAt(probe: ProbeResult, kind: TargetKind, t: number): Float32Array | undefined {
  if (kind === 'every_step') return probe.target[t];
  return t === probe.length - 1 ? probe.target[0] : undefined;
}

/** Predicted vs target labels per timestep; a class target is stored as its index. */
export function classStrip(probe: ProbeResult, output: Decoder, kind: TargetKind, input?: Decoder): StripCell[] {
  const labels = output.kind === 'classes' ? output.labels : [];
  return probe.output.slice(0, probe.length).map((logits, t) => {
    const guess = argmax(logits);
    const raw = targetAt(probe, kind, t)?.[0];
    const judged = raw !== undefined && raw !== IGNORE_INDEX;
    const target = judged ? stepLabel(output, oneHot(raw, labels.length)) : undefined;
    const inputValues = probe.input[t];
    const broken = nonFiniteKinds(logits)[0] ?? null;
    return {
      t,
      input: input && inputValues ? stepLabel(input, inputValues) : undefined,
      predicted: stepLabel(output, oneHot(guess, labels.length)),
      target,
      correct: judged && broken === null ? guess === raw : judged ? false : undefined,
      nonFinite: broken,
    };
  });
}

function oneHot(i: number, n: number): Float32Array {
  const v = new Float32Array(Math.max(n, i + 1));
  v[i] = 1;
  return v;
}

/** One output channel in data units: the prediction at every step, the target where judged. */
export interface ValueSeries {
  channel: string;
  predicted: number[];
  target: { t: number; v: number }[];
}

export function valueSeries(probe: ProbeResult, output: Decoder, kind: TargetKind): ValueSeries[] {
  const channels = output.kind === 'values' ? output.channels : ['y'];
  const outputs = probe.output.slice(0, probe.length).map((o) => unscale(output, o));
  return channels.map((channel, c) => ({
    channel,
    predicted: outputs.map((o) => o[c] ?? NaN),
    target: outputs.flatMap((_, t) => {
      const raw = targetAt(probe, kind, t);
      return raw ? [{ t, v: unscale(output, raw)[c] ?? NaN }] : [];
    }),
  }));
}

/** Cells per line and line count for `n` cells of at least `minCell` pixels in `width`. */
export function wrapStrip(n: number, width: number, minCell: number, maxCell: number): { perLine: number; lines: number; cell: number } {
  const fit = Math.max(1, Math.floor(width / minCell));
  const perLine = Math.min(Math.max(1, n), fit);
  return { perLine, lines: Math.max(1, Math.ceil(n / perLine)), cell: Math.min(maxCell, width / perLine) };
}

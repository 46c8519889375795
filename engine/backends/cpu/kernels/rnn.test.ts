/**
 * The fused CPU RNN kernels driven directly on Float32Arrays against real PyTorch: every
 * single-layer `rnn_*` golden case (a bidirectional one runs the kernels once per direction and
 * joins them as [forward H | reverse H]) and every `rnncell_*` case (one step, T = 1).
 * Multi-layer cases go through nn.RNN in engine/nn/rnn.golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RnnAttrs } from '../../kernel_names.ts';
import { expectClose, loadGolden, TOL, type GoldenTensor, type RnnCase, type RnnCellCase } from '../../../testing/golden.ts';
import { rnn_backward, rnn_forward } from './rnn.ts';

/** A golden tensor's values; every input value there is float32-exact. */
function f32(t: GoldenTensor): Float32Array {
  return Float32Array.from(t.data);
}

/** Swaps the first two axes of a row-major [A, B, C] array (batch-first <-> time-major). */
function swap01(src: ArrayLike<number>, A: number, B: number, C: number): Float32Array {
  const dst = new Float32Array(A * B * C);
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) dst[(b * A + a) * C + c] = src[(a * B + b) * C + c]!;
    }
  }
  return dst;
}

/** Columns [d*H, d*H + H) of every row of a [rows, D*H] array, as [rows, H]. */
function columnsOf(src: Float32Array, rows: number, D: number, H: number, d: number): Float32Array {
  const dst = new Float32Array(rows * H);
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * D * H + d * H, r * D * H + d * H + H), r * H);
  return dst;
}

/** Writes a [rows, H] array into columns [d*H, d*H + H) of a [rows, D*H] one. */
function setColumns(dst: Float32Array, src: Float32Array, rows: number, D: number, H: number, d: number): void {
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * H, r * H + H), r * D * H + d * H);
}

/** One direction's parameters and their gradients, named by the golden `state_dict` keys. */
interface Direction {
  wIh: string;
  wHh: string;
  bIh: string | null;
  bHh: string | null;
}

/** A single-layer problem in the kernels' own layout: time-major, directions side by side. */
interface Problem {
  T: number;
  N: number;
  I: number;
  H: number;
  nonlinearity: RnnAttrs['nonlinearity'];
  lengths: readonly number[] | null;
  directions: Direction[];
  params: Record<string, GoldenTensor>;
  /** [T, N, I] */
  x: Float32Array;
  /** [D, N, H] */
  hx: Float32Array;
  /** [T, N, D*H] */
  gradOut: Float32Array;
  /** [D, N, H] */
  gradHn: Float32Array;
}

interface Solution {
  /** [T, N, D*H] */
  out: Float32Array;
  /** [D, N, H] */
  hn: Float32Array;
  /** [T, N, I], summed over directions. */
  gradX: Float32Array;
  /** [D, N, H] */
  gradHx: Float32Array;
  /** Every parameter's gradient by its state_dict key. */
  grads: Record<string, Float32Array>;
}

/** Runs rnn_forward then rnn_backward for each direction, as nn.RNN would for one layer. */
function solve(p: Problem): Solution {
  const { T, N, I, H, directions } = p;
  const D = directions.length;
  const block = N * H;
  const sol: Solution = {
    out: new Float32Array(T * N * D * H),
    hn: new Float32Array(D * block),
    gradX: new Float32Array(T * N * I),
    gradHx: new Float32Array(D * block),
    grads: {},
  };
  directions.forEach((dir, d) => {
    const hasBias = dir.bIh !== null && dir.bHh !== null;
    const attrs: RnnAttrs = { T, N, I, H, nonlinearity: p.nonlinearity, reverse: d === 1, hasBias, lengths: p.lengths };
    const param = (key: string) => f32(p.params[key]!);
    const weights = { w_ih: param(dir.wIh), w_hh: param(dir.wHh) };
    const biases = hasBias ? { b_ih: param(dir.bIh!), b_hh: param(dir.bHh!) } : {};
    const h0 = p.hx.slice(d * block, (d + 1) * block);
    const out = new Float32Array(T * block);
    const hn = new Float32Array(block);
    rnn_forward({ x: p.x, h0, ...weights, ...biases }, { out, h_n: hn }, attrs);
    setColumns(sol.out, out, T * N, D, H, d);
    sol.hn.set(hn, d * block);

    const gradOut = columnsOf(p.gradOut, T * N, D, H, d);
    const gradHn = p.gradHn.slice(d * block, (d + 1) * block);
    const grads = [T * N * I, block, H * I, H * H, H].map((n) => new Float32Array(n)) as
      [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    rnn_backward({ x: p.x, h0, ...weights, out, grad_out: gradOut, grad_h_n: gradHn }, { grad_x: grads[0], grad_h0: grads[1], grad_w_ih: grads[2], grad_w_hh: grads[3], grad_b: grads[4] }, attrs);
    const [gx, gh0, gwIh, gwHh, gb] = grads;
    for (let i = 0; i < gx.length; i++) sol.gradX[i] = sol.gradX[i]! + gx[i]!;
    sol.gradHx.set(gh0, d * block);
    sol.grads[dir.wIh] = gwIh;
    sol.grads[dir.wHh] = gwHh;
    if (hasBias) {
      sol.grads[dir.bIh!] = gb;
      sol.grads[dir.bHh!] = gb;
    }
  });
  return sol;
}

/** Checks every parameter gradient the golden case lists. */
function expectParamGrads(sol: Solution, grads: Record<string, GoldenTensor | null>): void {
  for (const [key, ref] of Object.entries(grads)) {
    if (key === 'input' || key === 'hx' || ref === null) continue;
    const got = sol.grads[key];
    if (!got) throw new Error(`the kernels produced no gradient for ${key}`);
    expectClose(`grad ${key}`, got, ref, TOL.grad);
  }
}

describe('rnn_forward / rnn_backward match PyTorch on one layer (output, h_n, every gradient)', () => {
  const cases = loadGolden<RnnCase>('rnn_').filter((c) => c.args.num_layers === 1);

  it('covers the single-layer golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(c.name, () => {
      const { hidden_size: H, bidirectional, batch_first, bias, nonlinearity } = c.args;
      const D = bidirectional ? 2 : 1;
      // Unbatched [T, I] input is one batch entry; batch_first applies only to batched input.
      const batched = c.input.shape.length === 3;
      const swap = batched && batch_first;
      const [T, N, I] = batched
        ? ((swap ? [c.input.shape[1], c.input.shape[0], c.input.shape[2]] : c.input.shape) as [number, number, number])
        : [c.input.shape[0]!, 1, c.input.shape[1]!];
      const timeMajor = (t: GoldenTensor, C: number) => (swap ? swap01(t.data, N, T, C) : f32(t));
      const directions = [0, 1].slice(0, D).map((d): Direction => {
        const suffix = d === 1 ? '_l0_reverse' : '_l0';
        return {
          wIh: `weight_ih${suffix}`,
          wHh: `weight_hh${suffix}`,
          bIh: bias ? `bias_ih${suffix}` : null,
          bHh: bias ? `bias_hh${suffix}` : null,
        };
      });
      const sol = solve({
        T, N, I, H, nonlinearity, directions,
        lengths: c.lengths,
        params: c.state_dict,
        x: timeMajor(c.input, I),
        hx: c.hx === null ? new Float32Array(D * N * H) : f32(c.hx),
        gradOut: timeMajor(c.grad_output, D * H),
        gradHn: c.grad_h_n === null ? new Float32Array(D * N * H) : f32(c.grad_h_n),
      });
      const asGiven = (a: Float32Array, C: number) => (swap ? swap01(a, T, N, C) : a);
      expectClose('output', asGiven(sol.out, D * H), c.output, TOL.forward);
      expectClose('h_n', sol.hn, c.h_n, TOL.forward);
      expectClose('grad input', asGiven(sol.gradX, I), c.grads.input!, TOL.grad);
      if (c.grads.hx) expectClose('grad hx', sol.gradHx, c.grads.hx, TOL.grad);
      expectParamGrads(sol, c.grads);
    });
  }
});

describe("rnn_forward / rnn_backward as RNNCell (T = 1) match PyTorch (h', every gradient)", () => {
  for (const c of loadGolden<RnnCellCase>('rnncell_')) {
    it(c.name, () => {
      const { input_size: I, hidden_size: H, bias, nonlinearity } = c.args;
      const N = c.input.shape.length === 2 ? c.input.shape[0]! : 1;
      const sol = solve({
        T: 1, N, I, H, nonlinearity,
        lengths: null,
        directions: [{ wIh: 'weight_ih', wHh: 'weight_hh', bIh: bias ? 'bias_ih' : null, bHh: bias ? 'bias_hh' : null }],
        params: c.state_dict,
        x: f32(c.input),
        hx: c.hx === null ? new Float32Array(N * H) : f32(c.hx),
        // h' is both the step's output and its final state; its gradient enters once, as grad_out.
        gradOut: f32(c.grad_output),
        gradHn: new Float32Array(N * H),
      });
      expectClose("h'", sol.out, c.output, TOL.forward);
      expectClose('grad input', sol.gradX, c.grads.input!, TOL.grad);
      if (c.grads.hx) expectClose('grad hx', sol.gradHx, c.grads.hx, TOL.grad);
      expectParamGrads(sol, c.grads);
    });
  }
});

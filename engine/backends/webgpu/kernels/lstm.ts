/**
 * lstm_forward and lstm_backward on WebGPU, as the CPU's (cpu/kernels/lstm.ts): the input
 * projection, and in backward the weight and input gradients, are whole-sequence matmuls; the
 * recurrence runs step by step in phases (gated_steps.ts).
 */
import type { GatedAttrs } from '../../kernel_names.ts';
import { gpuArg, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { gatedPreambleWgsl, recordPhasedSteps, recordPreviousStates } from './gated_steps.ts';
import { uploadLengths } from './rnn_steps.ts';
import { NAN_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/** `@group(0) @binding(i + 1)` declarations: read-only f32 arrays, `lengths` as u32, then read_write ones. */
export function bindings(readOnly: readonly string[], readWrite: readonly string[]): string {
  const ro = readOnly.map((name, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<${name === 'lengths' ? 'u32' : 'f32'}>;`);
  const rw = readWrite.map((name, i) => `@group(0) @binding(${readOnly.length + i + 1}) var<storage, read_write> ${name}: array<f32>;`);
  return [...ro, ...rw].join('\n');
}

/**
 * Phase 0, per (b, j < H): the four gates from gates (holding x W_ih^T) + b_ih + h W_hh^T + b_hh,
 * activated and stored back, c updated (in c and y), m = o tanh(c). Phase 1, per (b, q < P):
 * h = m W_hr^T (or m), into h and y.
 */
const forwardCode = ({ reverse, hasBias, hasProj }: GatedAttrs) => (): string => /* wgsl */ `
${gatedPreambleWgsl(reverse)}
${NAN_WGSL}
${STABLE_TANH_WGSL}
${bindings(['w_hh', ...(hasBias ? ['bias'] : []), ...(hasProj ? ['w_hr'] : []), 'lengths'], ['gates', 'state', 'y', ...(hasProj ? ['m_out'] : [])])}
// state holds h [N, P], then c [N, H], then m [N, H]; bias holds b_ih, then b_hh (WebGPU
// guarantees only 8 storage buffers per shader).

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let N = pu(1u);
  let H = pu(2u);
  let P = pu(3u);
  let threads = pu(6u);
  let run_phases = pu(7u);
  let tid = flat_index(gid, nwg);
  let G = 4u * H;
  let Y = P + H;
  let C = N * P;
  let M = N * P + N * H;
  for (var s = pu(4u); s < pu(5u); s++) {
    if ((run_phases & 1u) != 0u) {
      for (var p = tid; p < N * H; p += threads) {
        let b = p / H;
        let j = p % H;
        let len = lengths[b];
        if (s < len) {
          let row = time_of(s, len) * N + b;
          var pre: array<f32, 4>;
          for (var k = 0u; k < 4u; k++) {
            let gate = k * H + j;
            var acc = 0.0;
            for (var q = 0u; q < P; q++) { acc += state[b * P + q] * w_hh[gate * P + q]; }
            pre[k] = ${hasBias ? '(gates[row * G + gate] + bias[gate]) + (acc + bias[G + gate])' : 'gates[row * G + gate] + acc'};
          }
          let i = sigmoid(pre[0]);
          let f = sigmoid(pre[1]);
          let g = stable_tanh(pre[2]);
          let o = sigmoid(pre[3]);
          let cell = f * state[C + p] + i * g;
          gates[row * G + j] = i;
          gates[row * G + H + j] = f;
          gates[row * G + 2u * H + j] = g;
          gates[row * G + 3u * H + j] = o;
          state[C + p] = cell;
          y[row * Y + P + j] = cell;
          let m = o * stable_tanh(cell);
          state[M + p] = m;
          ${hasProj ? 'm_out[row * H + j] = m;' : ''}
        }
      }
      storageBarrier();
    }
    if ((run_phases & 2u) != 0u) {
      for (var p = tid; p < N * P; p += threads) {
        let b = p / P;
        let q = p % P;
        let len = lengths[b];
        if (s < len) {
          let row = time_of(s, len) * N + b;
          ${hasProj ? 'var v = 0.0;\n          for (var j = 0u; j < H; j++) { v += state[M + b * H + j] * w_hr[q * H + j]; }' : 'let v = state[M + b * H + q];'}
          state[p] = v;
          y[row * Y + q] = v;
        }
      }
      storageBarrier();
    }
  }
}
`;

export const lstm_forward: GpuKernel<'lstm_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, P, hasBias, hasProj, reverse } = attrs;
  const G = 4 * H;
  const input = (i: number) => gpuArg(inputs, i).buffer;
  const [x, h0, c0, wIh, wHh] = [input(0), input(1), input(2), input(3), input(4)];
  const bias = hasBias ? ctx.scratch(2 * G) : null;
  if (bias !== null) {
    ctx.copy(input(5), 0, bias, 0, G);
    ctx.copy(input(6), 0, bias, G, G);
  }
  const wHr = hasProj ? [input(hasBias ? 7 : 5)] : [];
  const y = gpuArg(outputs, 0).buffer;
  const gates = gpuArg(outputs, 1).buffer;
  const mOut = hasProj ? [gpuArg(outputs, 2).buffer] : [];
  ctx.clear(y, T * N * (P + H));
  for (const m of mOut) ctx.clear(m, T * N * H);
  recordMatmul(ctx, x, wIh, gates, { batch: 1, m: T * N, k: I, n: G, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 });
  const lengths = uploadLengths(ctx, attrs);
  const state = ctx.scratch(N * P + 2 * N * H);
  ctx.copy(h0, 0, state, 0, N * P);
  ctx.copy(c0, 0, state, N * P, N * H);
  const key = `lstm_forward:${reverse ? 'reverse' : 'forward'}:${hasBias ? 'bias' : 'nobias'}:${hasProj ? 'proj' : 'noproj'}`;
  const pipeline = ctx.pipeline(key, forwardCode(attrs));
  // Rows of gates past an entry's length stay as the projection wrote them; the layer never reads them.
  recordPhasedSteps(ctx, pipeline, [wHh, ...(bias === null ? [] : [bias]), ...wHr, lengths, gates, state, y, ...mOut], attrs, 2, N * Math.max(H, P), N * G * P + N * P * H);
  for (const scratch of [lengths, state, ...(bias === null ? [] : [bias])]) ctx.release(scratch);
};

/**
 * Backward step u runs forward step s = T - 1 - u. Phase 0, per (b, q < P): dh_total = dh +
 * grad_y's h part, kept in d_hout (all steps, for W_hr's gradient). Phase 1, per (b, j < H):
 * dm = dh_total W_hr (or dh_total), then the cell's backward: the four gate gradients into dg
 * and dc carried. Phase 2, per (b, q < P): dh = dg_t W_hh.
 */
const backwardCode = ({ reverse, hasProj }: GatedAttrs) => (): string => /* wgsl */ `
${gatedPreambleWgsl(reverse)}
${NAN_WGSL}
${STABLE_TANH_WGSL}
${bindings(['weights', 'y', 'gates', 'grad_y', 'lengths'], ['carry', 'd_hout', 'dg'])}
// weights holds W_hh [4H, P], then c0 [N, H], then W_hr [P, H]; carry holds dh [N, P], then dc
// [N, H] (WebGPU guarantees only 8 storage buffers per shader).

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let T = pu(0u);
  let N = pu(1u);
  let H = pu(2u);
  let P = pu(3u);
  let threads = pu(6u);
  let run_phases = pu(7u);
  let tid = flat_index(gid, nwg);
  let G = 4u * H;
  let Y = P + H;
  let C0 = G * P;
  let HR = G * P + N * H;
  let DC = N * P;
  for (var u = pu(4u); u < pu(5u); u++) {
    let s = T - 1u - u;
    if ((run_phases & 1u) != 0u) {
      for (var p = tid; p < N * P; p += threads) {
        let b = p / P;
        let len = lengths[b];
        if (s < len) {
          let row = time_of(s, len) * N + b;
          d_hout[row * P + p % P] = carry[p] + grad_y[row * Y + p % P];
        }
      }
      storageBarrier();
    }
    if ((run_phases & 2u) != 0u) {
      for (var p = tid; p < N * H; p += threads) {
        let b = p / H;
        let j = p % H;
        let len = lengths[b];
        if (s < len) {
          let t = time_of(s, len);
          let row = t * N + b;
          ${hasProj ? 'var dm = 0.0;\n          for (var q = 0u; q < P; q++) { dm += d_hout[row * P + q] * weights[HR + q * H + j]; }' : 'let dm = d_hout[row * P + j];'}
          let i = gates[row * G + j];
          let f = gates[row * G + H + j];
          let g = gates[row * G + 2u * H + j];
          let o = gates[row * G + 3u * H + j];
          var c_prev = weights[C0 + p];
          if (s > 0u) { c_prev = y[(prev_time(t) * N + b) * Y + P + j]; }
          let tc = stable_tanh(y[row * Y + P + j]);
          let dc_total = (carry[DC + p] + grad_y[row * Y + P + j]) + dm * o * (1.0 - tc * tc);
          carry[DC + p] = dc_total * f;
          dg[row * G + j] = dc_total * g * (i * (1.0 - i));
          dg[row * G + H + j] = dc_total * c_prev * (f * (1.0 - f));
          dg[row * G + 2u * H + j] = dc_total * i * (1.0 - g * g);
          dg[row * G + 3u * H + j] = dm * tc * (o * (1.0 - o));
        }
      }
      storageBarrier();
    }
    if ((run_phases & 4u) != 0u) {
      for (var p = tid; p < N * P; p += threads) {
        let b = p / P;
        let q = p % P;
        let len = lengths[b];
        if (s < len) {
          let row = time_of(s, len) * N + b;
          var acc = 0.0;
          for (var k = 0u; k < G; k++) { acc += dg[row * G + k] * weights[k * P + q]; }
          carry[p] = acc;
        }
      }
      storageBarrier();
    }
  }
}
`;

export const lstm_backward: GpuKernel<'lstm_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, P, hasProj, reverse } = attrs;
  const G = 4 * H;
  const TN = T * N;
  const input = (i: number) => gpuArg(inputs, i).buffer;
  const output = (i: number) => gpuArg(outputs, i).buffer;
  const [x, h0, c0, wIh, wHh] = [input(0), input(1), input(2), input(3), input(4)];
  let next = 5;
  const wHr = hasProj ? [input(next++)] : [];
  const y = input(next++);
  const gates = input(next++);
  const m = hasProj ? input(next++) : null;
  const gradY = input(next);
  const [gradX, gradH0, gradC0, gradWIh, gradWHh, gradB] = [output(0), output(1), output(2), output(3), output(4), output(5)];
  const lengths = uploadLengths(ctx, attrs);
  const weights = ctx.scratch(G * P + N * H + (hasProj ? P * H : 0));
  ctx.copy(wHh, 0, weights, 0, G * P);
  ctx.copy(c0, 0, weights, G * P, N * H);
  for (const w of wHr) ctx.copy(w, 0, weights, G * P + N * H, P * H);
  const carry = ctx.scratch(N * P + N * H);
  const dHout = ctx.scratch(TN * P);
  const dg = ctx.scratch(TN * G);
  for (const [buffer, n] of [[carry, N * P + N * H], [dHout, TN * P], [dg, TN * G]] as const) ctx.clear(buffer, n);
  const key = `lstm_backward:${reverse ? 'reverse' : 'forward'}:${hasProj ? 'proj' : 'noproj'}`;
  const pipeline = ctx.pipeline(key, backwardCode(attrs));
  recordPhasedSteps(ctx, pipeline, [weights, y, gates, gradY, lengths, carry, dHout, dg], attrs, 3, N * Math.max(H, P), N * G * P + N * P * H);
  ctx.copy(carry, 0, gradH0, 0, N * P);
  ctx.copy(carry, N * P, gradC0, 0, N * H);
  const hPrev = ctx.scratch(TN * P);
  recordPreviousStates(ctx, attrs, y, P + H, 0, h0, P, lengths, hPrev);
  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, dg, wIh, gradX, { ...plain, m: TN, k: G, n: I });
  recordMatmul(ctx, dg, x, gradWIh, { ...plain, transA: true, m: G, k: TN, n: I });
  recordMatmul(ctx, dg, hPrev, gradWHh, { ...plain, transA: true, m: G, k: TN, n: P });
  recordReduce(ctx, dg, gradB, { op: 'sum', outer: 1, size: TN, inner: G });
  if (m !== null) recordMatmul(ctx, dHout, m, output(6), { ...plain, transA: true, m: P, k: TN, n: H });
  for (const scratch of [lengths, weights, carry, dHout, dg, hPrev]) ctx.release(scratch);
};

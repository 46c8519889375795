/**
 * lstm_forward and lstm_backward on WebGPU, as the CPU's (cpu/kernels/lstm.ts): the input
 * projection, and in backward the weight and input gradients, are whole-sequence matmuls; the
 * recurrence runs step by step in phases (steps.ts).
 */
import { mapArgs, present, type GatedAttrs } from '../../kernel_names.ts';
import { bufferOf, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { bindings, phaseWgsl, recordPreviousStates, recordSteps, stepMainWgsl, stepPreambleWgsl, uploadLengths } from './steps.ts';

/**
 * Phase 0, per (b, j < H): the four gates from gates (holding x W_ih^T) + b_ih + h W_hh^T + b_hh,
 * activated and stored back, c updated (in c and y), m = o tanh(c). Phase 1, per (b, q < P):
 * h = m W_hr^T (or m), into h and y.
 */
const forwardCode = ({ reverse, hasBias, hasProj }: GatedAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${bindings(['w_hh', ...(hasBias ? ['bias'] : []), ...(hasProj ? ['w_hr'] : []), 'lengths'], ['gates', 'state', 'y', ...(hasProj ? ['m_out'] : [])])}
// state holds h [N, P], then c [N, H], then m [N, H]; bias holds b_ih, then b_hh (WebGPU
// guarantees only 8 storage buffers per shader).
${stepMainWgsl(false, '  let G = 4u * H;\n  let Y = P + H;\n  let C = N * P;\n  let M = N * P + N * H;', [
  phaseWgsl('H', 'j', `var pre: array<f32, 4>;
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
          ${hasProj ? 'm_out[row * H + j] = m;' : ''}`),
  phaseWgsl('P', 'q', `${hasProj ? 'var v = 0.0;\n          for (var j = 0u; j < H; j++) { v += state[M + b * H + j] * w_hr[q * H + j]; }' : 'let v = state[M + b * H + q];'}
          state[p] = v;
          y[row * Y + q] = v;`),
])}`;

export const lstm_forward: GpuKernel<'lstm_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, P, hasBias, hasProj, reverse } = attrs;
  const G = 4 * H;
  const { x, h0, c0, w_ih: wIh, w_hh: wHh } = mapArgs(inputs, bufferOf);
  const bias = hasBias ? ctx.scratch(2 * G) : null;
  if (bias !== null) {
    ctx.copy(present(inputs.b_ih, 'b_ih').buffer, 0, bias, 0, G);
    ctx.copy(present(inputs.b_hh, 'b_hh').buffer, 0, bias, G, G);
  }
  const wHr = hasProj ? [present(inputs.w_hr, 'w_hr').buffer] : [];
  const { y, gates } = mapArgs(outputs, bufferOf);
  const mOut = hasProj ? [present(outputs.m, 'm').buffer] : [];
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
  recordSteps(ctx, pipeline, [wHh, ...(bias === null ? [] : [bias]), ...wHr, lengths, gates, state, y, ...mOut], attrs, 2, N * Math.max(H, P), N * G * P + N * P * H);
  for (const scratch of [lengths, state, ...(bias === null ? [] : [bias])]) ctx.release(scratch);
};

/**
 * Backward step u runs forward step s = T - 1 - u. Phase 0, per (b, q < P): dh_total = dh +
 * grad_y's h part, kept in d_hout (all steps, for W_hr's gradient). Phase 1, per (b, j < H):
 * dm = dh_total W_hr (or dh_total), then the cell's backward: the four gate gradients into dg
 * and dc carried. Phase 2, per (b, q < P): dh = dg_t W_hh.
 */
const backwardCode = ({ reverse, hasProj }: GatedAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${bindings(['weights', 'y', 'gates', 'grad_y', 'lengths'], ['carry', 'd_hout', 'dg'])}
// weights holds W_hh [4H, P], then c0 [N, H], then W_hr [P, H]; carry holds dh [N, P], then dc
// [N, H] (WebGPU guarantees only 8 storage buffers per shader).
${stepMainWgsl(true, '  let G = 4u * H;\n  let Y = P + H;\n  let C0 = G * P;\n  let HR = G * P + N * H;\n  let DC = N * P;', [
  phaseWgsl('P', 'q', 'd_hout[row * P + q] = carry[p] + grad_y[row * Y + q];'),
  phaseWgsl('H', 'j', `${hasProj ? 'var dm = 0.0;\n          for (var q = 0u; q < P; q++) { dm += d_hout[row * P + q] * weights[HR + q * H + j]; }' : 'let dm = d_hout[row * P + j];'}
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
          dg[row * G + 3u * H + j] = dm * tc * (o * (1.0 - o));`),
  phaseWgsl('P', 'q', `var acc = 0.0;
          for (var k = 0u; k < G; k++) { acc += dg[row * G + k] * weights[k * P + q]; }
          carry[p] = acc;`),
])}`;

export const lstm_backward: GpuKernel<'lstm_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, P, hasProj, reverse } = attrs;
  const G = 4 * H;
  const TN = T * N;
  const { x, h0, c0, w_ih: wIh, w_hh: wHh, y, gates, grad_y: gradY } = mapArgs(inputs, bufferOf);
  const wHr = hasProj ? [present(inputs.w_hr, 'w_hr').buffer] : [];
  const m = hasProj ? present(inputs.m, 'm').buffer : null;
  const { grad_x: gradX, grad_h0: gradH0, grad_c0: gradC0, grad_w_ih: gradWIh, grad_w_hh: gradWHh, grad_b: gradB } = mapArgs(outputs, bufferOf);
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
  recordSteps(ctx, pipeline, [weights, y, gates, gradY, lengths, carry, dHout, dg], attrs, 3, N * Math.max(H, P), N * G * P + N * P * H);
  ctx.copy(carry, 0, gradH0, 0, N * P);
  ctx.copy(carry, N * P, gradC0, 0, N * H);
  const hPrev = ctx.scratch(TN * P);
  recordPreviousStates(ctx, attrs, y, P + H, 0, h0, P, lengths, hPrev);
  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, dg, wIh, gradX, { ...plain, m: TN, k: G, n: I });
  recordMatmul(ctx, dg, x, gradWIh, { ...plain, transA: true, m: G, k: TN, n: I });
  recordMatmul(ctx, dg, hPrev, gradWHh, { ...plain, transA: true, m: G, k: TN, n: P });
  recordReduce(ctx, dg, gradB, { op: 'sum', outer: 1, size: TN, inner: G });
  if (m !== null) recordMatmul(ctx, dHout, m, present(outputs.grad_w_hr, 'grad_w_hr').buffer, { ...plain, transA: true, m: P, k: TN, n: H });
  for (const scratch of [lengths, weights, carry, dHout, dg, hPrev]) ctx.release(scratch);
};

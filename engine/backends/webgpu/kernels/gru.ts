/**
 * gru_forward and gru_backward on WebGPU, as the CPU's (cpu/kernels/gru.ts): whole-sequence
 * matmuls for the input projection and the weight and input gradients, the recurrence step by
 * step (steps.ts).
 */
import { mapArgs, present, type GatedAttrs } from '../../kernel_names.ts';
import { bufferOf, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { bindings, phaseWgsl, recordPreviousStates, recordSteps, stepMainWgsl, stepPreambleWgsl, uploadLengths } from './steps.ts';

/**
 * One phase per (b, j < H): r, z, n from xp + b_ih and h W_hh^T + b_hh (b_hn inside the reset
 * product), h' = (h - n) z + n; the state ping-pongs between two halves of `state`, so no thread
 * overwrites an h another is still reading.
 */
const forwardCode = ({ reverse, hasBias }: GatedAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${bindings(['xp', 'w_hh', ...(hasBias ? ['b_ih', 'b_hh'] : []), 'lengths'], ['state', 'out', 'work'])}
${stepMainWgsl(false, '  let G = 3u * H;\n  let NH = N * H;', [
  phaseWgsl('H', 'j', `var acc: array<f32, 3>;
          for (var k = 0u; k < 3u; k++) {
            var sum = 0.0;
            for (var q = 0u; q < H; q++) { sum += state[cur + b * H + q] * w_hh[(k * H + j) * H + q]; }
            acc[k] = ${hasBias ? 'sum + b_hh[k * H + j]' : 'sum'};
          }
          let xr = ${hasBias ? 'xp[row * G + j] + b_ih[j]' : 'xp[row * G + j]'};
          let xz = ${hasBias ? 'xp[row * G + H + j] + b_ih[H + j]' : 'xp[row * G + H + j]'};
          let xn = ${hasBias ? 'xp[row * G + 2u * H + j] + b_ih[2u * H + j]' : 'xp[row * G + 2u * H + j]'};
          let r = sigmoid(acc[0] + xr);
          let z = sigmoid(acc[1] + xz);
          let n = stable_tanh(xn + r * acc[2]);
          h = (h - n) * z + n;
          out[row * H + j] = h;
          work[row * 4u * H + j] = r;
          work[row * 4u * H + H + j] = z;
          work[row * 4u * H + 2u * H + j] = n;
          work[row * 4u * H + 3u * H + j] = acc[2];`, {
    before: 'let cur = (u % 2u) * NH;\n        var h = state[cur + p];',
    after: 'state[NH - cur + p] = h;',
  }),
])}`;

export const gru_forward: GpuKernel<'gru_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, hasBias, reverse } = attrs;
  const G = 3 * H;
  const { x, h0, w_ih: wIh, w_hh: wHh } = mapArgs(inputs, bufferOf);
  const biases = hasBias ? [present(inputs.b_ih, 'b_ih').buffer, present(inputs.b_hh, 'b_hh').buffer] : [];
  const { out, work } = mapArgs(outputs, bufferOf);
  ctx.clear(out, T * N * H);
  ctx.clear(work, T * N * 4 * H);
  const xp = ctx.scratch(T * N * G);
  recordMatmul(ctx, x, wIh, xp, { batch: 1, m: T * N, k: I, n: G, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 });
  const lengths = uploadLengths(ctx, attrs);
  const state = ctx.scratch(2 * N * H);
  ctx.copy(h0, 0, state, 0, N * H);
  const pipeline = ctx.pipeline(`gru_forward:${reverse ? 'reverse' : 'forward'}:${hasBias ? 'bias' : 'nobias'}`, forwardCode(attrs));
  recordSteps(ctx, pipeline, [xp, wHh, ...biases, lengths, state, out, work], attrs, 1, N * H, N * G * H);
  for (const scratch of [xp, lengths, state]) ctx.release(scratch);
};

/**
 * Backward step u runs forward step s = T - 1 - u. Phase 0, per (b, j < H): the gate gradients
 * into dgi (input side) and dgh (hidden side, n through the reset gate), and dL/dh_{t-1} through
 * (h - n) z into `direct`. Phase 1, per (b, k < H): dh = direct + dgh_t W_hh.
 */
const backwardCode = ({ reverse }: GatedAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${bindings(['weights', 'out', 'work', 'grad_out', 'lengths'], ['carry', 'dgi', 'dgh'])}
// weights holds W_hh [3H, H], then h0 [N, H]; carry holds dh [N, H], then the direct term
// [N, H] (WebGPU guarantees only 8 storage buffers per shader).
${stepMainWgsl(true, '  let G = 3u * H;\n  let H0 = G * H;\n  let DIRECT = N * H;', [
  phaseWgsl('H', 'j', `var hp = weights[H0 + p];
          if (s > 0u) { hp = out[(prev_time(t) * N + b) * H + j]; }
          let g = carry[p] + grad_out[row * H + j];
          let r = work[row * 4u * H + j];
          let z = work[row * 4u * H + H + j];
          let n = work[row * 4u * H + 2u * H + j];
          let hn = work[row * 4u * H + 3u * H + j];
          let dn = g * (1.0 - z) * (1.0 - n * n);
          let dr = dn * hn * (r * (1.0 - r));
          let dz = g * (hp - n) * (z * (1.0 - z));
          carry[DIRECT + p] = g * z;
          dgi[row * G + j] = dr;
          dgi[row * G + H + j] = dz;
          dgi[row * G + 2u * H + j] = dn;
          dgh[row * G + j] = dr;
          dgh[row * G + H + j] = dz;
          dgh[row * G + 2u * H + j] = dn * r;`),
  phaseWgsl('H', 'k', `var acc = 0.0;
          for (var j = 0u; j < G; j++) { acc += dgh[row * G + j] * weights[j * H + k]; }
          carry[p] = carry[DIRECT + p] + acc;`),
])}`;

export const gru_backward: GpuKernel<'gru_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, reverse } = attrs;
  const G = 3 * H;
  const TN = T * N;
  const { x, h0, w_ih: wIh, w_hh: wHh, out, work, grad_out: gradOut } = mapArgs(inputs, bufferOf);
  const grads = mapArgs(outputs, bufferOf);
  const lengths = uploadLengths(ctx, attrs);
  const weights = ctx.scratch(G * H + N * H);
  ctx.copy(wHh, 0, weights, 0, G * H);
  ctx.copy(h0, 0, weights, G * H, N * H);
  const carry = ctx.scratch(2 * N * H);
  const dgi = ctx.scratch(TN * G);
  const dgh = ctx.scratch(TN * G);
  for (const [buffer, n] of [[carry, 2 * N * H], [dgi, TN * G], [dgh, TN * G]] as const) ctx.clear(buffer, n);
  const pipeline = ctx.pipeline(`gru_backward:${reverse ? 'reverse' : 'forward'}`, backwardCode(attrs));
  recordSteps(ctx, pipeline, [weights, out, work, gradOut, lengths, carry, dgi, dgh], attrs, 2, N * H, N * G * H);
  ctx.copy(carry, 0, grads.grad_h0, 0, N * H);
  const hPrev = ctx.scratch(TN * H);
  recordPreviousStates(ctx, attrs, out, H, 0, h0, H, lengths, hPrev);
  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, dgi, wIh, grads.grad_x, { ...plain, m: TN, k: G, n: I });
  recordMatmul(ctx, dgi, x, grads.grad_w_ih, { ...plain, transA: true, m: G, k: TN, n: I });
  recordMatmul(ctx, dgh, hPrev, grads.grad_w_hh, { ...plain, transA: true, m: G, k: TN, n: H });
  recordReduce(ctx, dgi, grads.grad_b_ih, { op: 'sum', outer: 1, size: TN, inner: G });
  recordReduce(ctx, dgh, grads.grad_b_hh, { op: 'sum', outer: 1, size: TN, inner: G });
  for (const scratch of [lengths, weights, carry, dgi, dgh, hPrev]) ctx.release(scratch);
};

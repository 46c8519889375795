/**
 * gru_forward and gru_backward on WebGPU, as the CPU's (cpu/kernels/gru.ts): whole-sequence
 * matmuls for the input projection and the weight and input gradients, the recurrence step by
 * step (gated_steps.ts).
 */
import type { GatedAttrs } from '../../kernel_names.ts';
import { gpuArg, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { gatedPreambleWgsl, recordPhasedSteps, recordPreviousStates } from './gated_steps.ts';
import { uploadLengths } from './rnn_steps.ts';
import { bindings } from './lstm.ts';
import { NAN_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/**
 * One phase per (b, j < H): r, z, n from xp + b_ih and h W_hh^T + b_hh (b_hn inside the reset
 * product), h' = (h - n) z + n; the state ping-pongs between two halves of `state`, so no thread
 * overwrites an h another is still reading.
 */
const forwardCode = ({ reverse, hasBias }: GatedAttrs) => (): string => /* wgsl */ `
${gatedPreambleWgsl(reverse)}
${NAN_WGSL}
${STABLE_TANH_WGSL}
${bindings(['xp', 'w_hh', ...(hasBias ? ['b_ih', 'b_hh'] : []), 'lengths'], ['state', 'out', 'work'])}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let N = pu(1u);
  let H = pu(2u);
  let threads = pu(6u);
  let tid = flat_index(gid, nwg);
  let G = 3u * H;
  let NH = N * H;
  for (var s = pu(4u); s < pu(5u); s++) {
    let cur = (s % 2u) * NH;
    let next = NH - cur;
    for (var p = tid; p < NH; p += threads) {
      let b = p / H;
      let j = p % H;
      let len = lengths[b];
      var h = state[cur + p];
      if (s < len) {
        let row = time_of(s, len) * N + b;
        var acc: array<f32, 3>;
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
        work[row * 4u * H + 3u * H + j] = acc[2];
      }
      state[next + p] = h;
    }
    storageBarrier();
  }
}
`;

export const gru_forward: GpuKernel<'gru_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, hasBias, reverse } = attrs;
  const G = 3 * H;
  const input = (i: number) => gpuArg(inputs, i).buffer;
  const [x, h0, wIh, wHh] = [input(0), input(1), input(2), input(3)];
  const biases = hasBias ? [input(4), input(5)] : [];
  const out = gpuArg(outputs, 0).buffer;
  const work = gpuArg(outputs, 1).buffer;
  ctx.clear(out, T * N * H);
  ctx.clear(work, T * N * 4 * H);
  const xp = ctx.scratch(T * N * G);
  recordMatmul(ctx, x, wIh, xp, { batch: 1, m: T * N, k: I, n: G, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 });
  const lengths = uploadLengths(ctx, attrs);
  const state = ctx.scratch(2 * N * H);
  ctx.copy(h0, 0, state, 0, N * H);
  const pipeline = ctx.pipeline(`gru_forward:${reverse ? 'reverse' : 'forward'}:${hasBias ? 'bias' : 'nobias'}`, forwardCode(attrs));
  recordPhasedSteps(ctx, pipeline, [xp, wHh, ...biases, lengths, state, out, work], attrs, 1, N * H, N * G * H);
  for (const scratch of [xp, lengths, state]) ctx.release(scratch);
};

/**
 * Backward step u runs forward step s = T - 1 - u. Phase 0, per (b, j < H): the gate gradients
 * into dgi (input side) and dgh (hidden side, n through the reset gate), and dL/dh_{t-1} through
 * (h - n) z into `direct`. Phase 1, per (b, k < H): dh = direct + dgh_t W_hh.
 */
const backwardCode = ({ reverse }: GatedAttrs) => (): string => /* wgsl */ `
${gatedPreambleWgsl(reverse)}
${bindings(['weights', 'out', 'work', 'grad_out', 'lengths'], ['carry', 'dgi', 'dgh'])}
// weights holds W_hh [3H, H], then h0 [N, H]; carry holds dh [N, H], then the direct term
// [N, H] (WebGPU guarantees only 8 storage buffers per shader).

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let T = pu(0u);
  let N = pu(1u);
  let H = pu(2u);
  let threads = pu(6u);
  let run_phases = pu(7u);
  let tid = flat_index(gid, nwg);
  let G = 3u * H;
  let H0 = G * H;
  let DIRECT = N * H;
  for (var u = pu(4u); u < pu(5u); u++) {
    let s = T - 1u - u;
    if ((run_phases & 1u) != 0u) {
      for (var p = tid; p < N * H; p += threads) {
        let b = p / H;
        let j = p % H;
        let len = lengths[b];
        if (s < len) {
          let t = time_of(s, len);
          let row = t * N + b;
          var hp = weights[H0 + p];
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
          dgh[row * G + 2u * H + j] = dn * r;
        }
      }
      storageBarrier();
    }
    if ((run_phases & 2u) != 0u) {
      for (var p = tid; p < N * H; p += threads) {
        let b = p / H;
        let k = p % H;
        let len = lengths[b];
        if (s < len) {
          let row = time_of(s, len) * N + b;
          var acc = 0.0;
          for (var j = 0u; j < G; j++) { acc += dgh[row * G + j] * weights[j * H + k]; }
          carry[p] = carry[DIRECT + p] + acc;
        }
      }
      storageBarrier();
    }
  }
}
`;

export const gru_backward: GpuKernel<'gru_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, reverse } = attrs;
  const G = 3 * H;
  const TN = T * N;
  const input = (i: number) => gpuArg(inputs, i).buffer;
  const output = (i: number) => gpuArg(outputs, i).buffer;
  const [x, h0, wIh, wHh, out, work, gradOut] = [input(0), input(1), input(2), input(3), input(4), input(5), input(6)];
  const lengths = uploadLengths(ctx, attrs);
  const weights = ctx.scratch(G * H + N * H);
  ctx.copy(wHh, 0, weights, 0, G * H);
  ctx.copy(h0, 0, weights, G * H, N * H);
  const carry = ctx.scratch(2 * N * H);
  const dgi = ctx.scratch(TN * G);
  const dgh = ctx.scratch(TN * G);
  for (const [buffer, n] of [[carry, 2 * N * H], [dgi, TN * G], [dgh, TN * G]] as const) ctx.clear(buffer, n);
  const pipeline = ctx.pipeline(`gru_backward:${reverse ? 'reverse' : 'forward'}`, backwardCode(attrs));
  recordPhasedSteps(ctx, pipeline, [weights, out, work, gradOut, lengths, carry, dgi, dgh], attrs, 2, N * H, N * G * H);
  ctx.copy(carry, 0, output(1), 0, N * H);
  const hPrev = ctx.scratch(TN * H);
  recordPreviousStates(ctx, attrs, out, H, 0, h0, H, lengths, hPrev);
  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, dgi, wIh, output(0), { ...plain, m: TN, k: G, n: I });
  recordMatmul(ctx, dgi, x, output(2), { ...plain, transA: true, m: G, k: TN, n: I });
  recordMatmul(ctx, dgh, hPrev, output(3), { ...plain, transA: true, m: G, k: TN, n: H });
  recordReduce(ctx, dgi, output(4), { op: 'sum', outer: 1, size: TN, inner: G });
  recordReduce(ctx, dgh, output(5), { op: 'sum', outer: 1, size: TN, inner: G });
  for (const scratch of [lengths, weights, carry, dgi, dgh, hPrev]) ctx.release(scratch);
};

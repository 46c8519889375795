/**
 * rnn_backward: backward through time for one layer and direction, the reverse of rnn_forward.
 * A step-by-step pass (see rnn_steps.ts) carries dL/dh backwards and writes G, the gradient at
 * each pre-activation; everything else is then a few big ops over all steps at once:
 * grad_x = G W_ih, grad_W_ih = G^T x, grad_W_hh = G^T H_prev, grad_b = sum of G over steps.
 */
import type { RnnAttrs } from '../../kernel_names.ts';
import { gpuArg, grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { activationWgsl, recordSteps, timeOfWgsl, uploadLengths } from './rnn_steps.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/**
 * Step u runs forward step s = T - 1 - u. For entry b (when s is within its length) at time t:
 * G[t, b, k] = (dh[b, k] + grad_out[t, b, k]) * act'(out[t, b, k]), and the new
 * dh[b, k] = sum_j G[t, b, j] W_hh[j, k]. Each thread recomputes the G row it needs rather than
 * waiting on the other threads for it, so a step is one pass.
 */
const stepCode = ({ nonlinearity, reverse }: RnnAttrs) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${NAN_WGSL}
${STABLE_TANH_WGSL}
${timeOfWgsl(reverse)}
${activationWgsl(nonlinearity)}
@group(0) @binding(1) var<storage, read> grad_out: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> w_hh: array<f32>;
@group(0) @binding(4) var<storage, read> lengths: array<u32>;
// Two halves of N x H: dL/dh after the step, and before it.
@group(0) @binding(5) var<storage, read_write> dstate: array<f32>;
@group(0) @binding(6) var<storage, read_write> grad_pre: array<f32>;

fn grad_pre_at(dh_row: u32, row: u32, j: u32) -> f32 {
  return activation_backward(dstate[dh_row + j] + grad_out[row + j], y[row + j]);
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let T = pu(0u);
  let N = pu(1u);
  let H = pu(2u);
  let threads = pu(5u);
  let tid = flat_index(gid, nwg);
  let NH = N * H;
  for (var u = pu(3u); u < pu(4u); u++) {
    let s = T - 1u - u;
    let cur = (u % 2u) * NH;
    let next = NH - cur;
    for (var p = tid; p < NH; p += threads) {
      let b = p / H;
      let k = p % H;
      let len = lengths[b];
      var dh = dstate[cur + p];
      if (s < len) {
        let row = (time_of(s, len) * N + b) * H;
        let dh_row = cur + b * H;
        var acc = 0.0;
        for (var j = 0u; j < H; j++) { acc += grad_pre_at(dh_row, row, j) * w_hh[j * H + k]; }
        grad_pre[row + k] = grad_pre_at(dh_row, row, k);
        dh = acc;
      }
      dstate[next + p] = dh;
    }
    storageBarrier();
  }
}
`;

/**
 * H_prev[t, b] is the state step t started from: h0 at the entry's first step (t = 0, or its
 * last valid t in reverse), else the output of the neighbouring step. Zero past the length,
 * where G is zero anyway.
 */
const prevStateCode = ({ reverse }: RnnAttrs) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> h0: array<f32>;
@group(0) @binding(3) var<storage, read> lengths: array<u32>;
@group(0) @binding(4) var<storage, read_write> h_prev: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  let T = pu(0u);
  let NH = pu(1u) * pu(2u);
  if (i >= T * NH) { return; }
  let t = i / NH;
  let p = i % NH;
  let len = lengths[p / pu(2u)];
  var v = 0.0;
  ${
    reverse
      ? 'if (t + 1u < len) { v = y[i + NH]; } else if (t + 1u == len) { v = h0[p]; }'
      : 'if (t == 0u) { v = h0[p]; } else if (t < len) { v = y[i - NH]; }'
  }
  h_prev[i] = v;
}
`;

export const rnn_backward: GpuKernel<'rnn_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, nonlinearity, reverse } = attrs;
  const input = (i: number) => gpuArg(inputs, i).buffer;
  const output = (i: number) => gpuArg(outputs, i).buffer;
  const [x, h0, wIh, wHh, out, gradOut, gradHn] = [input(0), input(1), input(2), input(3), input(4), input(5), input(6)];
  const [gradX, gradH0, gradWIh, gradWHh, gradB] = [output(0), output(1), output(2), output(3), output(4)];
  const NH = N * H;
  const TN = T * N;
  const lengths = uploadLengths(ctx, attrs);
  const gradPre = ctx.scratch(T * NH);
  ctx.clear(gradPre, T * NH);
  const dstate = ctx.scratch(2 * NH);
  ctx.copy(gradHn, 0, dstate, 0, NH);
  const direction = reverse ? 'reverse' : 'forward';
  const step = ctx.pipeline(`rnn_backward_step:${nonlinearity}:${direction}`, stepCode(attrs));
  recordSteps(ctx, step, [gradOut, out, wHh, lengths, dstate, gradPre], attrs);
  ctx.copy(dstate, (T % 2) * NH, gradH0, 0, NH);

  const hPrev = ctx.scratch(T * NH);
  const params = new ParamWriter().u32(T, N, H).done();
  const prev = ctx.pipeline(`rnn_backward_prev_state:${direction}`, prevStateCode(attrs));
  ctx.dispatch(prev, params, [out, h0, lengths, hPrev], grid1d(T * NH));

  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, gradPre, wIh, gradX, { ...plain, m: TN, k: H, n: I });
  recordMatmul(ctx, gradPre, x, gradWIh, { ...plain, transA: true, m: H, k: TN, n: I });
  recordMatmul(ctx, gradPre, hPrev, gradWHh, { ...plain, transA: true, m: H, k: TN, n: H });
  recordReduce(ctx, gradPre, gradB, { op: 'sum', outer: 1, size: TN, inner: H });
  for (const scratch of [lengths, gradPre, dstate, hPrev]) ctx.release(scratch);
};

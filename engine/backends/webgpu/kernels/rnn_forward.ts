/**
 * rnn_forward: one layer and direction of an Elman RNN over the whole sequence. The input
 * projection x W_ih^T for every step is one matmul; then the recurrence
 * h_t = act((h_{t-1} W_hh^T + b_hh) + (xp_t + b_ih)) runs step by step (see rnn_steps.ts), the
 * hidden state ping-ponging between two halves of a scratch buffer.
 */
import type { RnnAttrs } from '../../kernel_names.ts';
import { gpuArg, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { activationWgsl, recordSteps, timeOfWgsl, uploadLengths } from './rnn_steps.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

const code = ({ nonlinearity, reverse, hasBias }: RnnAttrs) => (): string => {
  const buffers = hasBias ? ['xp', 'w_hh', 'b_ih', 'b_hh', 'lengths'] : ['xp', 'w_hh', 'lengths'];
  const readOnly = buffers
    .map((name, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<${name === 'lengths' ? 'u32' : 'f32'}>;`)
    .join('\n');
  return /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${NAN_WGSL}
${STABLE_TANH_WGSL}
${timeOfWgsl(reverse)}
${activationWgsl(nonlinearity)}
${readOnly}
// Two halves of N x H: the state before the step, and after it.
@group(0) @binding(${buffers.length + 1}) var<storage, read_write> state: array<f32>;
@group(0) @binding(${buffers.length + 2}) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let N = pu(1u);
  let H = pu(2u);
  let threads = pu(5u);
  let tid = flat_index(gid, nwg);
  let NH = N * H;
  for (var s = pu(3u); s < pu(4u); s++) {
    let cur = (s % 2u) * NH;
    let next = NH - cur;
    for (var p = tid; p < NH; p += threads) {
      let b = p / H;
      let j = p % H;
      let len = lengths[b];
      var h = state[cur + p];
      // Past its length an entry keeps its state (that becomes its h_n) and outputs stay 0.
      if (s < len) {
        let row = (time_of(s, len) * N + b) * H;
        // PyTorch's order: (h W_hh^T + b_hh) + (x W_ih^T + b_ih), all in float32.
        let h_row = cur + b * H;
        let w_row = j * H;
        var acc = 0.0;
        for (var k = 0u; k < H; k++) { acc += state[h_row + k] * w_hh[w_row + k]; }
        h = activation(${hasBias ? '(acc + b_hh[j]) + (xp[row + j] + b_ih[j])' : 'acc + xp[row + j]'});
        out[row + j] = h;
      }
      state[next + p] = h;
    }
    storageBarrier();
  }
}
`;
};

export const rnn_forward: GpuKernel<'rnn_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, hasBias, nonlinearity, reverse } = attrs;
  const x = gpuArg(inputs, 0);
  const h0 = gpuArg(inputs, 1);
  const wIh = gpuArg(inputs, 2);
  const wHh = gpuArg(inputs, 3);
  const out = gpuArg(outputs, 0);
  const hn = gpuArg(outputs, 1);
  const NH = N * H;
  ctx.clear(out.buffer, T * NH);
  const xp = ctx.scratch(T * NH);
  recordMatmul(ctx, x.buffer, wIh.buffer, xp, {
    batch: 1, m: T * N, k: I, n: H, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0,
  });
  const lengths = uploadLengths(ctx, attrs);
  const state = ctx.scratch(2 * NH);
  ctx.copy(h0.buffer, 0, state, 0, NH);
  const biases = hasBias ? [gpuArg(inputs, 4).buffer, gpuArg(inputs, 5).buffer] : [];
  const key = `rnn_forward:${nonlinearity}:${reverse ? 'reverse' : 'forward'}:${hasBias ? 'bias' : 'nobias'}`;
  const pipeline = ctx.pipeline(key, code(attrs));
  recordSteps(ctx, pipeline, [xp, wHh.buffer, ...biases, lengths, state, out.buffer], attrs);
  // After T steps the latest state is in half T % 2.
  ctx.copy(state, (T % 2) * NH, hn.buffer, 0, NH);
  for (const scratch of [xp, lengths, state]) ctx.release(scratch);
};

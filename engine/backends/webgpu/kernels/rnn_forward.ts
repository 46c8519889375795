/**
 * rnn_forward: one layer and direction of an Elman RNN over the whole sequence. The input
 * projection x W_ih^T for every step is one matmul; then the recurrence
 * h_t = act((h_{t-1} W_hh^T + b_hh) + (xp_t + b_ih)) runs step by step (see steps.ts), the
 * hidden state ping-ponging between two halves of a scratch buffer.
 */
import { present, type RnnAttrs } from '../../kernel_names.ts';
import { type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { activationWgsl } from './rnn_activation.ts';
import { bindings, phaseWgsl, recordSteps, stepMainWgsl, stepPreambleWgsl, uploadLengths } from './steps.ts';

/**
 * One phase per (b, j < H). Past its length an entry keeps its state (that becomes its h_n) and
 * its outputs stay 0. The state ping-pongs between two halves of N x H, before the step and
 * after it, so no thread overwrites an h another is still reading.
 */
const code = ({ nonlinearity, reverse, hasBias }: RnnAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${activationWgsl(nonlinearity)}
${bindings(['xp', 'w_hh', ...(hasBias ? ['b_ih', 'b_hh'] : []), 'lengths'], ['state', 'out'])}
${stepMainWgsl(false, '  let NH = N * H;', [
  phaseWgsl('H', 'j', `let o = row * H;
          // PyTorch's order: (h W_hh^T + b_hh) + (x W_ih^T + b_ih), all in float32.
          let h_row = cur + b * H;
          let w_row = j * H;
          var acc = 0.0;
          for (var k = 0u; k < H; k++) { acc += state[h_row + k] * w_hh[w_row + k]; }
          h = activation(${hasBias ? '(acc + b_hh[j]) + (xp[o + j] + b_ih[j])' : 'acc + xp[o + j]'});
          out[o + j] = h;`, {
    before: 'let cur = (u % 2u) * NH;\n        var h = state[cur + p];',
    after: 'state[NH - cur + p] = h;',
  }),
])}`;

export const rnn_forward: GpuKernel<'rnn_forward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, hasBias, nonlinearity, reverse } = attrs;
  const { x, h0, w_ih: wIh, w_hh: wHh } = inputs;
  const { out, h_n: hn } = outputs;
  const NH = N * H;
  ctx.clear(out.buffer, T * NH);
  const xp = ctx.scratch(T * NH);
  recordMatmul(ctx, x.buffer, wIh.buffer, xp, {
    batch: 1, m: T * N, k: I, n: H, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0,
  });
  const lengths = uploadLengths(ctx, attrs);
  const state = ctx.scratch(2 * NH);
  ctx.copy(h0.buffer, 0, state, 0, NH);
  const biases = hasBias ? [present(inputs.b_ih, 'b_ih').buffer, present(inputs.b_hh, 'b_hh').buffer] : [];
  const key = `rnn_forward:${nonlinearity}:${reverse ? 'reverse' : 'forward'}:${hasBias ? 'bias' : 'nobias'}`;
  const pipeline = ctx.pipeline(key, code(attrs));
  recordSteps(ctx, pipeline, [xp, wHh.buffer, ...biases, lengths, state, out.buffer], { T, N, H, P: H }, 1, NH, NH * H);
  // After T steps the latest state is in half T % 2.
  ctx.copy(state, (T % 2) * NH, hn.buffer, 0, NH);
  for (const scratch of [xp, lengths, state]) ctx.release(scratch);
};

/**
 * rnn_backward: backward through time for one layer and direction, the reverse of rnn_forward.
 * A step-by-step pass (see steps.ts) carries dL/dh backwards and writes G, the gradient at
 * each pre-activation; everything else is then a few big ops over all steps at once:
 * grad_x = G W_ih, grad_W_ih = G^T x, grad_W_hh = G^T H_prev, grad_b = sum of G over steps.
 */
import { mapArgs, type RnnAttrs } from '../../kernel_names.ts';
import { bufferOf, type GpuKernel } from './kernel.ts';
import { recordMatmul } from './matmul.ts';
import { recordReduce } from './reduce.ts';
import { activationWgsl } from './rnn_activation.ts';
import { bindings, phaseWgsl, recordPreviousStates, recordSteps, stepMainWgsl, stepPreambleWgsl, uploadLengths } from './steps.ts';

/**
 * Step u runs forward step s = T - 1 - u. For entry b (when s is within its length) at time t:
 * G[t, b, k] = (dh[b, k] + grad_out[t, b, k]) * act'(out[t, b, k]), and the new
 * dh[b, k] = sum_j G[t, b, j] W_hh[j, k]. Each thread recomputes the G row it needs rather than
 * waiting on the other threads for it, so a step is one pass. dL/dh ping-pongs between two
 * halves of N x H: after the step, and before it.
 */
const stepCode = ({ nonlinearity, reverse }: RnnAttrs) => (): string => /* wgsl */ `
${stepPreambleWgsl(reverse)}
${activationWgsl(nonlinearity)}
${bindings(['grad_out', 'y', 'w_hh', 'lengths'], ['dstate', 'grad_pre'])}

fn grad_pre_at(dh_row: u32, row: u32, j: u32) -> f32 {
  return activation_backward(dstate[dh_row + j] + grad_out[row + j], y[row + j]);
}
${stepMainWgsl(true, '  let NH = N * H;', [
  phaseWgsl('H', 'k', `let o = row * H;
          let dh_row = cur + b * H;
          var acc = 0.0;
          for (var j = 0u; j < H; j++) { acc += grad_pre_at(dh_row, o, j) * w_hh[j * H + k]; }
          grad_pre[o + k] = grad_pre_at(dh_row, o, k);
          dh = acc;`, {
    before: 'let cur = (u % 2u) * NH;\n        var dh = dstate[cur + p];',
    after: 'dstate[NH - cur + p] = dh;',
  }),
])}`;

export const rnn_backward: GpuKernel<'rnn_backward'> = (ctx, inputs, outputs, attrs) => {
  const { T, N, I, H, nonlinearity, reverse } = attrs;
  const { x, h0, w_ih: wIh, w_hh: wHh, out, grad_out: gradOut, grad_h_n: gradHn } = mapArgs(inputs, bufferOf);
  const { grad_x: gradX, grad_h0: gradH0, grad_w_ih: gradWIh, grad_w_hh: gradWHh, grad_b: gradB } = mapArgs(outputs, bufferOf);
  const NH = N * H;
  const TN = T * N;
  const lengths = uploadLengths(ctx, attrs);
  const gradPre = ctx.scratch(T * NH);
  ctx.clear(gradPre, T * NH);
  const dstate = ctx.scratch(2 * NH);
  ctx.copy(gradHn, 0, dstate, 0, NH);
  const direction = reverse ? 'reverse' : 'forward';
  const step = ctx.pipeline(`rnn_backward_step:${nonlinearity}:${direction}`, stepCode(attrs));
  recordSteps(ctx, step, [gradOut, out, wHh, lengths, dstate, gradPre], { T, N, H, P: H }, 1, NH, NH * H);
  ctx.copy(dstate, (T % 2) * NH, gradH0, 0, NH);

  const hPrev = ctx.scratch(T * NH);
  recordPreviousStates(ctx, attrs, out, H, 0, h0, H, lengths, hPrev);

  const plain = { batch: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  recordMatmul(ctx, gradPre, wIh, gradX, { ...plain, m: TN, k: H, n: I });
  recordMatmul(ctx, gradPre, x, gradWIh, { ...plain, transA: true, m: H, k: TN, n: I });
  recordMatmul(ctx, gradPre, hPrev, gradWHh, { ...plain, transA: true, m: H, k: TN, n: H });
  recordReduce(ctx, gradPre, gradB, { op: 'sum', outer: 1, size: TN, inner: H });
  for (const scratch of [lengths, gradPre, dstate, hPrev]) ctx.release(scratch);
};

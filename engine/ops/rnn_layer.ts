/**
 * One layer and one direction of an Elman RNN over a whole sequence, as a single fused op: one
 * graph node whose backward is the hand-written backward through time of the `rnn_backward`
 * kernel (the cuDNN way), instead of T x (matmul, add, tanh) tiny nodes.
 */
import type { Nonlinearity } from '../backends/kernel_names.ts';
import { getBackend } from '../backends/registry.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { commonDevice, emptyTensor, withGrad, storagesOf } from './dispatch.ts';

export interface RnnLayerOptions {
  nonlinearity: Nonlinearity;
  /** Run from the last valid step down to step 0. */
  reverse: boolean;
  /** Valid length per batch entry (packed sequences), or null when all run T steps. */
  lengths: readonly number[] | null;
}

/**
 * x [T, N, I] time-major, h0 [N, H] -> out [T, N, H], the hidden state at every step (0 past an
 * entry's length). Weights as PyTorch stores them: w_ih [H, I], w_hh [H, H], biases [H] or null.
 */
export function rnn_layer(
  x: Tensor,
  h0: Tensor,
  w_ih: Tensor,
  w_hh: Tensor,
  b_ih: Tensor | null,
  b_hh: Tensor | null,
  options: RnnLayerOptions,
): Tensor {
  const [T, N, I] = x.shape as [number, number, number];
  const H = w_hh.shape[0]!;
  const hasBias = b_ih !== null && b_hh !== null;
  const attrs = { T, N, I, H, nonlinearity: options.nonlinearity, reverse: options.reverse, hasBias, lengths: options.lengths };
  const named = { x, h0, w_ih, w_hh, ...(hasBias ? { b_ih, b_hh } : {}) };
  const inputs = Object.values(named);
  const device = commonDevice(inputs);
  const backend = getBackend(device.type);
  const out = emptyTensor([T, N, H], device);
  const hn = emptyTensor([N, H], device);
  backend.run('rnn_forward', storagesOf(named), storagesOf({ out, h_n: hn }), attrs);
  backend.free(hn.storage);
  const meta = { direction: options.reverse ? 1 : 0, steps: T };
  return withGrad(out, 'RnnLayerBackward', inputs, (g) => {
    const gradHn = emptyTensor([N, H], device);
    const [gx, gh0, gwih, gwhh, gb] = [x.shape, h0.shape, w_ih.shape, w_hh.shape, [H]].map((shape) => emptyTensor(shape, device)) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    backend.run(
      'rnn_backward',
      storagesOf({ x, h0, w_ih, w_hh, out, grad_out: g, grad_h_n: gradHn }),
      storagesOf({ grad_x: gx, grad_h0: gh0, grad_w_ih: gwih, grad_w_hh: gwhh, grad_b: gb }),
      attrs,
    );
    return hasBias ? [gx, gh0, gwih, gwhh, gb, gb] : [gx, gh0, gwih, gwhh];
  }, savedByPyTorch(x, h0, w_ih, w_hh, out), meta);
}

/**
 * What PyTorch's unfused recurrence (a linear, an add and the activation per step) saves, so an
 * in-place change raises where PyTorch's would: the outputs (the activation's result), W_hh
 * (h_{t-1} requires grad from step 1 on), x for W_ih's gradient and W_ih for x's, h0 for W_hh's.
 */
function savedByPyTorch(x: Tensor, h0: Tensor, w_ih: Tensor, w_hh: Tensor, out: Tensor): (Tensor | false)[] {
  const recurrent = out.shape[0]! > 1 || h0.requires_grad;
  return [out, recurrent && w_hh, w_ih.requires_grad && x, x.requires_grad && w_ih, w_hh.requires_grad && h0];
}

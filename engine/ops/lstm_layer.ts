/**
 * One layer and one direction of an LSTM over a whole sequence as a single fused op (PyTorch's
 * gate order i, f, g, o):
 *   gates = (x_t W_ih^T + b_ih) + (h_{t-1} W_hh^T + b_hh)
 *   c_t = sigmoid(f) c_{t-1} + sigmoid(i) tanh(g),   h_t = (sigmoid(o) tanh(c_t)) W_hr^T
 * (no W_hr without proj_size). One graph node whose backward is the hand-written backward
 * through time of `lstm_backward`, as rnn_layer.ts does for the Elman RNN.
 */
import type { GatedAttrs } from '../backends/kernel_names.ts';
import { getBackend } from '../backends/registry.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { commonDevice, emptyTensor, withGrad } from './dispatch.ts';
import { narrow } from './views.ts';

export interface GatedLayerOptions {
  /** Run from the last valid step down to step 0. */
  reverse: boolean;
  /** Valid length per batch entry (packed sequences), or null when all run T steps. */
  lengths: readonly number[] | null;
}

/** The kernels' attributes for x [T, N, I], H hidden features and states of P. */
export function gatedAttrs(x: Tensor, H: number, P: number, hasBias: boolean, hasProj: boolean, options: GatedLayerOptions): GatedAttrs {
  const [T, N, I] = x.shape as [number, number, number];
  return { T, N, I, H, P, reverse: options.reverse, hasBias, hasProj, lengths: options.lengths };
}

/**
 * x [T, N, I] time-major, h0 [N, P], c0 [N, H] -> [out [T, N, P], cells [T, N, H]]: h_t and c_t
 * at every step (0 past an entry's length). P is proj_size, or H without projection. Weights as
 * PyTorch stores them: w_ih [4H, I], w_hh [4H, P], biases [4H] or null, w_hr [P, H] or null.
 */
export function lstm_layer(
  x: Tensor, h0: Tensor, c0: Tensor,
  w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null, b_hh: Tensor | null, w_hr: Tensor | null,
  options: GatedLayerOptions,
): [Tensor, Tensor] {
  const H = c0.shape[1]!;
  const P = h0.shape[1]!;
  const hasBias = b_ih !== null && b_hh !== null;
  const attrs = gatedAttrs(x, H, P, hasBias, w_hr !== null, options);
  const { T, N } = attrs;
  const inputs = [x, h0, c0, w_ih, w_hh, ...(hasBias ? [b_ih, b_hh] : []), ...(w_hr === null ? [] : [w_hr])];
  const device = commonDevice(inputs);
  const backend = getBackend(device.type);
  // y holds h_t and c_t side by side, so both reach this one node's backward.
  const y = emptyTensor([T, N, P + H], device);
  const gates = emptyTensor([T, N, 4 * H], device);
  const m = w_hr === null ? null : emptyTensor([T, N, H], device);
  backend.run('lstm_forward', inputs.map((t) => t.storage), [y, gates, ...(m === null ? [] : [m])].map((t) => t.storage), attrs);
  const meta = { direction: options.reverse ? 1 : 0, steps: T };
  const node = withGrad(y, 'LstmLayerBackward', inputs, (g) => {
    const grads = [x.shape, h0.shape, c0.shape, w_ih.shape, w_hh.shape, [4 * H], ...(w_hr === null ? [] : [w_hr.shape])].map((shape) => emptyTensor(shape, device));
    const saved = [x, h0, c0, w_ih, w_hh, ...(w_hr === null ? [] : [w_hr]), y, gates, ...(m === null ? [] : [m]), g];
    backend.run('lstm_backward', saved.map((t) => t.storage), grads.map((t) => t.storage), attrs);
    const [gx, gh0, gc0, gwih, gwhh, gb, gwhr] = grads as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor | undefined];
    return [gx, gh0, gc0, gwih, gwhh, ...(hasBias ? [gb, gb] : []), ...(gwhr === undefined ? [] : [gwhr])];
  }, [x, h0, c0, w_ih, w_hh, w_hr, y], meta);
  if (node.grad_fn === null) for (const t of [gates, m]) if (t !== null) backend.free(t.storage);
  return [narrow(node, 2, 0, P), narrow(node, 2, P, H)];
}

/**
 * One layer and one direction of a GRU over a whole sequence as a single fused op (PyTorch's
 * gate order r, z, n, with b_hn inside the reset product, as PyTorch computes it):
 *   r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r (h_{t-1} W_hn^T + b_hn)),
 *   h_t = (h_{t-1} - n) z + n,
 * where x* = x_t W_i*^T + b_i* and h* = h_{t-1} W_h*^T + b_h*. One graph node whose backward is
 * the hand-written backward through time of `gru_backward`.
 */
import { getBackend } from '../backends/registry.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { commonDevice, emptyTensor, withGrad } from './dispatch.ts';
import { gatedAttrs, type GatedLayerOptions } from './lstm_layer.ts';

/**
 * x [T, N, I] time-major, h0 [N, H] -> out [T, N, H], h_t at every step (0 past an entry's
 * length). Weights as PyTorch stores them: w_ih [3H, I], w_hh [3H, H], biases [3H] or null.
 */
export function gru_layer(
  x: Tensor, h0: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null, b_hh: Tensor | null,
  options: GatedLayerOptions,
): Tensor {
  const H = h0.shape[1]!;
  const hasBias = b_ih !== null && b_hh !== null;
  const attrs = gatedAttrs(x, H, H, hasBias, false, options);
  const { T, N } = attrs;
  const inputs = [x, h0, w_ih, w_hh, ...(hasBias ? [b_ih, b_hh] : [])];
  const device = commonDevice(inputs);
  const backend = getBackend(device.type);
  const out = emptyTensor([T, N, H], device);
  // r, z, n and h W_hn^T + b_hn of every step: what backward needs besides the outputs.
  const work = emptyTensor([T, N, 4 * H], device);
  backend.run('gru_forward', inputs.map((t) => t.storage), [out.storage, work.storage], attrs);
  const meta = { direction: options.reverse ? 1 : 0, steps: T };
  const node = withGrad(out, 'GruLayerBackward', inputs, (g) => {
    const grads = [x.shape, h0.shape, w_ih.shape, w_hh.shape, [3 * H], [3 * H]].map((shape) => emptyTensor(shape, device));
    backend.run('gru_backward', [x, h0, w_ih, w_hh, out, work, g].map((t) => t.storage), grads.map((t) => t.storage), attrs);
    const [gx, gh0, gwih, gwhh, gbih, gbhh] = grads as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    return hasBias ? [gx, gh0, gwih, gwhh, gbih, gbhh] : [gx, gh0, gwih, gwhh];
  }, [x, h0, w_ih, w_hh, out], meta);
  if (node.grad_fn === null) backend.free(work.storage);
  return node;
}

/**
 * One layer and one direction of a GRU over a whole sequence (PyTorch's gate order r, z, n, with
 * b_hn inside the reset product, as PyTorch computes it):
 *   r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r (h_{t-1} W_hn^T + b_hn)),
 *   h_t = (h_{t-1} - n) z + n,
 * where x* = x_t W_i*^T + b_i* and h* = h_{t-1} W_h*^T + b_h*; composed of existing ops.
 */
import { sigmoid, tanh, keep_where } from './elementwise.ts';
import { validAt, type GatedLayerOptions } from './lstm_layer.ts';
import { linear } from './matmul.ts';
import { narrow, select, stack } from './views.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * x [T, N, I] time-major, h0 [N, H] -> out [T, N, H], h_t at every step (0 past an entry's
 * length). Weights as PyTorch stores them: w_ih [3H, I], w_hh [3H, H], biases [3H] or null.
 */
export function gru_layer(
  x: Tensor, h0: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null, b_hh: Tensor | null,
  options: GatedLayerOptions,
): Tensor {
  const T = x.shape[0]!;
  const H = h0.shape[1]!;
  const inputGates = linear(x, w_ih, b_ih);
  let h = h0;
  const outs: Tensor[] = new Array<Tensor>(T);
  for (let s = 0; s < T; s++) {
    const t = options.reverse ? T - 1 - s : s;
    const xg = select(inputGates, 0, t);
    const hg = linear(h, w_hh, b_hh);
    const r = sigmoid(narrow(xg, 1, 0, H).add(narrow(hg, 1, 0, H)));
    const z = sigmoid(narrow(xg, 1, H, H).add(narrow(hg, 1, H, H)));
    const n = tanh(narrow(xg, 1, 2 * H, H).add(r.mul(narrow(hg, 1, 2 * H, H))));
    const hNext = h.sub(n).mul(z).add(n);
    const valid = validAt(x, t, options.lengths);
    if (valid === null) {
      h = hNext;
      outs[t] = hNext;
    } else {
      outs[t] = keep_where(hNext, valid.keep);
      h = outs[t]!.add(keep_where(h, valid.skip));
    }
  }
  return stack(outs, 0);
}

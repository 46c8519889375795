/**
 * One layer and one direction of an LSTM over a whole sequence (PyTorch's gate order i, f, g, o):
 *   gates = (x_t W_ih^T + b_ih) + (h_{t-1} W_hh^T + b_hh)
 *   c_t = sigmoid(f) c_{t-1} + sigmoid(i) tanh(g),   h_t = (sigmoid(o) tanh(c_t)) W_hr^T
 * (no W_hr without proj_size), composed of existing ops step by step.
 */
import { compare, keep_where, sigmoid, tanh } from './elementwise.ts';
import { linear } from './matmul.ts';
import { narrow, select, stack } from './views.ts';
import { fromFloat32 } from '../tensor/creation.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface GatedLayerOptions {
  /** Run from the last valid step down to step 0. */
  reverse: boolean;
  /** Valid length per batch entry (packed sequences), or null when all run T steps. */
  lengths: readonly number[] | null;
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
  const T = x.shape[0]!;
  const H = c0.shape[1]!;
  const inputGates = linear(x, w_ih, b_ih);
  let h = h0;
  let c = c0;
  const outs: Tensor[] = new Array<Tensor>(T);
  const cells: Tensor[] = new Array<Tensor>(T);
  for (let s = 0; s < T; s++) {
    const t = options.reverse ? T - 1 - s : s;
    const gates = select(inputGates, 0, t).add(linear(h, w_hh, b_hh));
    const i = sigmoid(narrow(gates, 1, 0, H));
    const f = sigmoid(narrow(gates, 1, H, H));
    const g = tanh(narrow(gates, 1, 2 * H, H));
    const o = sigmoid(narrow(gates, 1, 3 * H, H));
    const cNext = f.mul(c).add(i.mul(g));
    const m = o.mul(tanh(cNext));
    const hNext = w_hr === null ? m : linear(m, w_hr);
    const valid = validAt(x, t, options.lengths);
    if (valid === null) {
      [h, c] = [hNext, cNext];
      [outs[t], cells[t]] = [hNext, cNext];
    } else {
      [outs[t], cells[t]] = [keep_where(hNext, valid.keep), keep_where(cNext, valid.keep)];
      h = outs[t]!.add(keep_where(h, valid.skip));
      c = cells[t]!.add(keep_where(c, valid.skip));
    }
  }
  return [stack(outs, 0), stack(cells, 0)];
}

/**
 * Which entries run step t of a packed batch, as [N, 1] masks (`keep` where t < length, `skip`
 * elsewhere), or null when every entry runs every step. An entry past its length keeps its
 * state, so a reversed entry starts from h0 at its own last step.
 */
export function validAt(x: Tensor, t: number, lengths: readonly number[] | null): { keep: Tensor; skip: Tensor } | null {
  if (lengths === null) return null;
  const flags = Float32Array.from(lengths, (len) => (t < len ? 1 : 0));
  const keep = fromFloat32(flags, [lengths.length, 1], { device: x.device });
  return { keep, skip: compare(keep, 0, 'eq') };
}

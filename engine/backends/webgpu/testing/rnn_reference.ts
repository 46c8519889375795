/**
 * Test oracle: the fused Elman RNN forward and backward through time as plain float64 loops,
 * straight from the contract in kernel_names.ts, for sizes no golden case covers (those that
 * make the GPU kernels take one dispatch per step).
 */
import type { RnnAttrs } from '../../kernel_names.ts';

export interface RnnWeights {
  x: Float32Array;
  h0: Float32Array;
  wIh: Float32Array;
  wHh: Float32Array;
  bIh: Float32Array;
  bHh: Float32Array;
}

const lengthOf = ({ T, lengths }: RnnAttrs, b: number) => (lengths === null ? T : lengths[b]!);
const timeOf = ({ reverse }: RnnAttrs, s: number, len: number) => (reverse ? len - 1 - s : s);

/** out [T, N, H] and h_n [N, H]. */
export function referenceForward(attrs: RnnAttrs, w: RnnWeights): { out: Float64Array; hn: Float64Array } {
  const { T, N, I, H, nonlinearity } = attrs;
  const out = new Float64Array(T * N * H);
  const hn = Float64Array.from(w.h0);
  for (let b = 0; b < N; b++) {
    const len = lengthOf(attrs, b);
    for (let s = 0; s < len; s++) {
      const t = timeOf(attrs, s, len);
      const prev = hn.slice(b * H, (b + 1) * H);
      for (let j = 0; j < H; j++) {
        let v = attrs.hasBias ? w.bIh[j]! + w.bHh[j]! : 0;
        for (let i = 0; i < I; i++) v += w.x[(t * N + b) * I + i]! * w.wIh[j * I + i]!;
        for (let k = 0; k < H; k++) v += prev[k]! * w.wHh[j * H + k]!;
        const h = nonlinearity === 'tanh' ? Math.tanh(v) : Math.max(v, 0);
        out[(t * N + b) * H + j] = h;
        hn[b * H + j] = h;
      }
    }
  }
  return { out, hn };
}

/** [grad_x, grad_h0, grad_W_ih, grad_W_hh, grad_b], as the rnn_backward kernel writes them. */
export function referenceBackward(
  attrs: RnnAttrs,
  w: RnnWeights,
  out: ArrayLike<number>,
  gradOut: ArrayLike<number>,
  gradHn: ArrayLike<number>,
): Float64Array[] {
  const { T, N, I, H, nonlinearity } = attrs;
  const gx = new Float64Array(T * N * I);
  const gh0 = new Float64Array(N * H);
  const gwIh = new Float64Array(H * I);
  const gwHh = new Float64Array(H * H);
  const gb = new Float64Array(H);
  for (let b = 0; b < N; b++) {
    const len = lengthOf(attrs, b);
    let dh = Array.from({ length: H }, (_, k) => gradHn[b * H + k]!);
    for (let s = len - 1; s >= 0; s--) {
      const t = timeOf(attrs, s, len);
      const row = (t * N + b) * H;
      const prevT = s === 0 ? -1 : timeOf(attrs, s - 1, len);
      const prev = (k: number) => (prevT < 0 ? w.h0[b * H + k]! : out[(prevT * N + b) * H + k]!);
      const g = dh.map((d, j) => {
        const y = out[row + j]!;
        return (d + gradOut[row + j]!) * (nonlinearity === 'tanh' ? 1 - y * y : y > 0 ? 1 : 0);
      });
      dh = new Array<number>(H).fill(0);
      for (let j = 0; j < H; j++) {
        gb[j] = gb[j]! + g[j]!;
        for (let i = 0; i < I; i++) {
          gx[(t * N + b) * I + i] = gx[(t * N + b) * I + i]! + g[j]! * w.wIh[j * I + i]!;
          gwIh[j * I + i] = gwIh[j * I + i]! + g[j]! * w.x[(t * N + b) * I + i]!;
        }
        for (let k = 0; k < H; k++) {
          gwHh[j * H + k] = gwHh[j * H + k]! + g[j]! * prev(k);
          dh[k] = dh[k]! + g[j]! * w.wHh[j * H + k]!;
        }
      }
    }
    gh0.set(dh, b * H);
  }
  return [gx, gh0, gwIh, gwHh, gb];
}

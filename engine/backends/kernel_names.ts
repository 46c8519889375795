/**
 * The kernels every backend provides, by name, with the attributes each takes. Ops choose a
 * kernel and fill its attributes; backends only see storages and these plain records (they never
 * see a Tensor). Adding a kernel means adding it here and to every backend's kernel table.
 */

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'tanh' | 'relu' | 'sigmoid' | 'sqrt' | 'abs' | 'sign' | 'reciprocal'
  /** Rounds toward zero (a float to int64 cast, `long()`). */
  | 'trunc';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'gt' | 'lt' | 'ge' | 'le' | 'eq'
  /** a: upstream grad, b: tanh output y; gives a * (1 - y^2). */
  | 'tanh_backward'
  /** a: upstream grad, b: relu output y; gives 0 where y <= 0, else a (so a NaN y passes a), as PyTorch. */
  | 'relu_backward'
  /** a: upstream grad, b: sigmoid output y; gives a * y * (1 - y). */
  | 'sigmoid_backward'
  /** a where b is nonzero, else exactly 0 even when a is NaN or inf (masked_fill, ignore_index). */
  | 'mask';

export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

export type Nonlinearity = 'tanh' | 'relu';

/**
 * One direction of one layer of an Elman RNN over a whole sequence, time-major:
 * x [T, N, I], h0 [N, H], W_ih [H, I], W_hh [H, H], b_ih [H], b_hh [H] -> out [T, N, H].
 * With `lengths`, batch entry b runs only steps 0..lengths[b]-1 (reverse: from lengths[b]-1 down),
 * its outputs past that are 0, and h_n is its state after its last valid step.
 */
export interface RnnAttrs {
  T: number;
  N: number;
  I: number;
  H: number;
  nonlinearity: Nonlinearity;
  reverse: boolean;
  hasBias: boolean;
  /** Per batch entry valid lengths, or null when every entry runs all T steps. */
  lengths: readonly number[] | null;
}

/**
 * One direction of one layer of an LSTM or a GRU over a whole sequence, time-major, with the
 * weights as PyTorch stores them (gate rows i, f, g, o for LSTM; r, z, n for GRU). H is
 * hidden_size, G the gates (4 for LSTM, 3 for GRU), P the size of h (proj_size with a
 * projection, else H). With `lengths`, as in {@link RnnAttrs}: an entry runs only its valid
 * steps (reverse: from its own last one), its outputs past them are 0, its state is kept.
 */
export interface GatedAttrs {
  T: number;
  N: number;
  I: number;
  H: number;
  P: number;
  reverse: boolean;
  hasBias: boolean;
  /** LSTM's W_hr [P, H] (proj_size > 0). */
  hasProj: boolean;
  lengths: readonly number[] | null;
}

export interface KernelAttrs {
  /** out[i] = value */
  fill: { value: number };
  /** out = op(a), elementwise, same shape. */
  unary: { op: UnaryOp };
  /** out[idx] = op(a[idx . aStrides], b[idx . bStrides]) over outShape; stride 0 broadcasts. */
  binary: { op: BinaryOp; outShape: readonly number[]; aStrides: readonly number[]; bStrides: readonly number[] };
  /** Input viewed as [outer, size, inner], reduced over the middle: out is [outer, inner]. */
  reduce: { op: ReduceOp; outer: number; size: number; inner: number };
  /**
   * out[b] = op(A[b]) @ op(B[b]) for b < batch; A[b] starts at b * aBatchStride (0 broadcasts a
   * single matrix). transA: A[b] is stored [k, m]; transB: B[b] is stored [n, k].
   */
  matmul: {
    batch: number; m: number; k: number; n: number;
    transA: boolean; transB: boolean; aBatchStride: number; bBatchStride: number;
  };
  /** Contiguous out over outShape reads a[offset + idx . strides] (views: permute, select, expand). */
  strided_copy: { outShape: readonly number[]; strides: readonly number[]; offset: number };
  /** In place: out[offset + idx . strides] (+)= a[idx] over shape (cat, select backward, index_add). */
  strided_write: { shape: readonly number[]; strides: readonly number[]; offset: number; accumulate: boolean };
  /** out[r, :] = table[idx[r], :] for r < rows; width columns. */
  gather_rows: { rows: number; width: number };
  /** In place: out[idx[r], :] += src[r, :] for r < rows. */
  scatter_add_rows: { rows: number; width: number };
  /** inputs x, h0, W_ih, W_hh, b_ih, b_hh (biases absent when !hasBias); outputs out [T,N,H], h_n [N,H]. */
  rnn_forward: RnnAttrs;
  /**
   * inputs x, h0, W_ih, W_hh, out (saved forward output), grad_out [T,N,H], grad_hn [N,H];
   * outputs grad_x, grad_h0, grad_W_ih, grad_W_hh, grad_b (shared by b_ih and b_hh; written even when
   * !hasBias, then unused). Gradients are written, not accumulated.
   */
  rnn_backward: RnnAttrs;
  /**
   * inputs x [T,N,I], h0 [N,P], c0 [N,H], W_ih [4H,I], W_hh [4H,P], then b_ih, b_hh [4H] when
   * `hasBias`, then W_hr [P,H] when `hasProj`; outputs y [T,N,P+H] (h_t, then c_t, per row),
   * gates [T,N,4H] (i, f, g, o after their activations, saved for backward), and when
   * `hasProj` m [T,N,H] (o tanh(c_t), before the projection).
   */
  lstm_forward: GatedAttrs;
  /**
   * inputs x, h0, c0, W_ih, W_hh, W_hr (when `hasProj`), y, gates, m (when `hasProj`), grad_y
   * [T,N,P+H]; outputs grad_x, grad_h0, grad_c0, grad_W_ih, grad_W_hh, grad_b [4H] (shared by
   * b_ih and b_hh), grad_W_hr (when `hasProj`). Written, not accumulated.
   */
  lstm_backward: GatedAttrs;
  /**
   * inputs x [T,N,I], h0 [N,H], W_ih [3H,I], W_hh [3H,H], then b_ih, b_hh [3H] when `hasBias`;
   * outputs out [T,N,H] and work [T,N,4H]: r, z, n and h_{t-1} W_hn^T + b_hn, saved for backward.
   */
  gru_forward: GatedAttrs;
  /**
   * inputs x, h0, W_ih, W_hh, out, work, grad_out [T,N,H]; outputs grad_x, grad_h0, grad_W_ih,
   * grad_W_hh, grad_b_ih [3H], grad_b_hh [3H]. Written, not accumulated.
   */
  gru_backward: GatedAttrs;
}

export type KernelName = keyof KernelAttrs;

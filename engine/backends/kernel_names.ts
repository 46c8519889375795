/**
 * The kernels every backend provides, by name, with the attributes each takes. Ops choose a
 * kernel, name its inputs and outputs ({@link KernelArgs}) and fill its attributes; backends only
 * see storages and these plain records (they never see a Tensor). Adding a kernel means adding it
 * here and to every backend's kernel table.
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
  /** out = op(x), elementwise, same shape. */
  unary: { op: UnaryOp };
  /** out[idx] = op(a[idx . aStrides], b[idx . bStrides]) over outShape; stride 0 broadcasts. */
  binary: { op: BinaryOp; outShape: readonly number[]; aStrides: readonly number[]; bStrides: readonly number[] };
  /** x viewed as [outer, size, inner], reduced over the middle: out is [outer, inner]. */
  reduce: { op: ReduceOp; outer: number; size: number; inner: number };
  /**
   * out[b] = op(A[b]) @ op(B[b]) for b < batch; A[b] starts at b * aBatchStride (0 broadcasts a
   * single matrix). transA: A[b] is stored [k, m]; transB: B[b] is stored [n, k].
   */
  matmul: {
    batch: number; m: number; k: number; n: number;
    transA: boolean; transB: boolean; aBatchStride: number; bBatchStride: number;
  };
  /** Contiguous out over outShape reads x[offset + idx . strides] (views: permute, select, expand). */
  strided_copy: { outShape: readonly number[]; strides: readonly number[]; offset: number };
  /** In place: out[offset + idx . strides] (+)= src[idx] over shape (cat, select backward, index_add). */
  strided_write: { shape: readonly number[]; strides: readonly number[]; offset: number; accumulate: boolean };
  /** out[r, :] = table[index[r], :] for r < rows; width columns. */
  gather_rows: { rows: number; width: number };
  /** In place: out[index[r], :] += src[r, :] for r < rows. */
  scatter_add_rows: { rows: number; width: number };
  /** inputs x [T,N,I], h0 [N,H], w_ih [H,I], w_hh [H,H], b_ih, b_hh [H] (when `hasBias`); outputs out [T,N,H], h_n [N,H]. */
  rnn_forward: RnnAttrs;
  /**
   * inputs x, h0, w_ih, w_hh, out (saved forward output), grad_out [T,N,H], grad_h_n [N,H];
   * outputs grad_x, grad_h0, grad_w_ih, grad_w_hh, grad_b (shared by b_ih and b_hh; written even when
   * !hasBias, then unused). Gradients are written, not accumulated.
   */
  rnn_backward: RnnAttrs;
  /**
   * inputs x [T,N,I], h0 [N,P], c0 [N,H], w_ih [4H,I], w_hh [4H,P], b_ih, b_hh [4H] when
   * `hasBias`, w_hr [P,H] when `hasProj`; outputs y [T,N,P+H] (h_t, then c_t, per row),
   * gates [T,N,4H] (i, f, g, o after their activations, saved for backward), and when
   * `hasProj` m [T,N,H] (o tanh(c_t), before the projection).
   */
  lstm_forward: GatedAttrs;
  /**
   * inputs x, h0, c0, w_ih, w_hh, w_hr (when `hasProj`), y, gates, m (when `hasProj`), grad_y
   * [T,N,P+H]; outputs grad_x, grad_h0, grad_c0, grad_w_ih, grad_w_hh, grad_b [4H] (shared by
   * b_ih and b_hh), grad_W_hr (when `hasProj`). Written, not accumulated.
   */
  lstm_backward: GatedAttrs;
  /**
   * inputs x [T,N,I], h0 [N,H], w_ih [3H,I], w_hh [3H,H], b_ih, b_hh [3H] when `hasBias`;
   * outputs out [T,N,H] and work [T,N,4H]: r, z, n and h_{t-1} W_hn^T + b_hn, saved for backward.
   */
  gru_forward: GatedAttrs;
  /**
   * inputs x, h0, w_ih, w_hh, out, work, grad_out [T,N,H]; outputs grad_x, grad_h0, grad_w_ih,
   * grad_w_hh, grad_b_ih [3H], grad_b_hh [3H]. Written, not accumulated.
   */
  gru_backward: GatedAttrs;
}

export type KernelName = keyof KernelAttrs;

/**
 * Each kernel's inputs and outputs by name (tfjs's `TanhInputs`), over `S`, what a backend holds
 * values in: `Storage` in the contract, `Float32Array` in CPU kernels, a GPU buffer in WebGPU's.
 * An optional entry is there exactly when the attribute its comment names says so. Outputs are
 * preallocated by the caller and written in place.
 */
export interface KernelArgs<S> {
  fill: { inputs: Record<string, never>; outputs: { out: S } };
  unary: { inputs: { x: S }; outputs: { out: S } };
  binary: { inputs: { a: S; b: S }; outputs: { out: S } };
  reduce: { inputs: { x: S }; outputs: { out: S } };
  matmul: { inputs: { a: S; b: S }; outputs: { out: S } };
  strided_copy: { inputs: { x: S }; outputs: { out: S } };
  strided_write: { inputs: { src: S }; outputs: { out: S } };
  gather_rows: { inputs: { table: S; index: S }; outputs: { out: S } };
  scatter_add_rows: { inputs: { src: S; index: S }; outputs: { out: S } };
  rnn_forward: { inputs: RnnForwardInputs<S>; outputs: { out: S; h_n: S } };
  rnn_backward: {
    inputs: { x: S; h0: S; w_ih: S; w_hh: S; out: S; grad_out: S; grad_h_n: S };
    outputs: { grad_x: S; grad_h0: S; grad_w_ih: S; grad_w_hh: S; grad_b: S };
  };
  lstm_forward: { inputs: LstmForwardInputs<S>; outputs: { y: S; gates: S; /** hasProj */ m?: S } };
  lstm_backward: {
    inputs: {
      x: S; h0: S; c0: S; w_ih: S; w_hh: S; /** hasProj */ w_hr?: S;
      y: S; gates: S; /** hasProj */ m?: S; grad_y: S;
    };
    outputs: {
      grad_x: S; grad_h0: S; grad_c0: S; grad_w_ih: S; grad_w_hh: S; grad_b: S; /** hasProj */ grad_w_hr?: S;
    };
  };
  gru_forward: { inputs: GruForwardInputs<S>; outputs: { out: S; work: S } };
  gru_backward: {
    inputs: { x: S; h0: S; w_ih: S; w_hh: S; out: S; work: S; grad_out: S };
    outputs: { grad_x: S; grad_h0: S; grad_w_ih: S; grad_w_hh: S; grad_b_ih: S; grad_b_hh: S };
  };
}

export interface RnnForwardInputs<S> {
  x: S; h0: S; w_ih: S; w_hh: S;
  /** hasBias */ b_ih?: S;
  /** hasBias */ b_hh?: S;
}

export interface LstmForwardInputs<S> extends RnnForwardInputs<S> {
  c0: S;
  /** hasProj */ w_hr?: S;
}

export type GruForwardInputs<S> = RnnForwardInputs<S>;

export type KernelInputs<K extends KernelName, S> = KernelArgs<S>[K]['inputs'];
export type KernelOutputs<K extends KernelName, S> = KernelArgs<S>[K]['outputs'];

/**
 * An optional kernel argument that its attributes say is there (a bias when `hasBias`); a
 * caller that left it out fails here, by the argument's name.
 */
export function present<S>(value: S | undefined, name: string): S {
  if (value === undefined) throw new Error(`kernel argument '${name}' is missing`);
  return value;
}

/** The same record of arguments with each value mapped (a backend's storages to its arrays). */
export function mapArgs<S, T, A extends object>(args: A, fn: (value: S) => T): { [N in keyof A]: T } {
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(args) as [string, S | undefined][]) if (value !== undefined) out[name] = fn(value);
  return out as { [N in keyof A]: T };
}

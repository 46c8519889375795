/**
 * The Tensor: a shape over a backend storage, plus its place in the autograd graph. Methods are
 * thin: each forwards to an op in `ops/`, where the kernel call and the gradient rule live.
 * Every tensor is contiguous (row-major); reshapes share storage, reorders copy.
 */
import { runBackward } from '../autograd/backward.ts';
import { bumpVersion, carryVersion, versionOf } from '../autograd/version.ts';
import { is_grad_enabled, no_grad } from '../autograd/grad_mode.ts';
import type { GradNode } from '../autograd/node.ts';
import type { Storage } from '../backends/backend.ts';
import { getBackend } from '../backends/registry.ts';
import { check, fmtShape, fmtSize } from '../errors.ts';
import * as ew from '../ops/elementwise.ts';
import { to_dtype } from '../ops/casts.ts';
import { clamp } from '../ops/clamp.ts';
import { gather, index_select } from '../ops/indexing.ts';
import { norm, type NormOrd } from '../ops/norm.ts';
import { parseOptions } from '../options.ts';
import { matmul } from '../ops/matmul.ts';
import * as red from '../ops/reduce.ts';
import * as views from '../ops/views.ts';
import { device as toDevice, type Device, type DeviceLike } from './device.ts';
import { bernoulli_, default_generator, type Generator } from './random.ts';
import { contiguousStrides, normalizeDim, numelOf, shapesEqual, type Shape } from './shape.ts';

/** Element types. All are stored as float32; int64 and bool are exact for |v| < 2^24. */
export type DType = 'float32' | 'int64' | 'bool';

/** Nested arrays of numbers, as `tolist()` returns and `torch.tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** A gradient hook: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | void;

export interface TensorOptions {
  device: Device;
  dtype?: DType;
  requires_grad?: boolean;
}

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Where the storage lives; changes only when a module moves its parameters in place. */
  private _device: Device;
  /** Whether gradients flow to this tensor. */
  requires_grad: boolean;
  /** Accumulated gradient of a leaf (or of a tensor that called `retain_grad()`). */
  grad: Tensor | null = null;
  /** The node that made this tensor, or null for a leaf. */
  grad_fn: GradNode | null = null;
  /** @internal */ _retains_grad = false;
  /** @internal */ _hooks: GradHook[] = [];

  constructor(
    /** @internal The backend storage; shared by reshapes of this tensor. */
    public storage: Storage,
    shape: Shape,
    options: TensorOptions,
  ) {
    this.shape = Object.freeze([...shape]);
    this._device = options.device;
    this.dtype = options.dtype ?? 'float32';
    this.requires_grad = options.requires_grad ?? false;
  }

  get device(): Device {
    return this._device;
  }

  /** @internal Moves this tensor's values to another storage in place (module.to keeps Parameter identity). */
  _replaceStorage(storage: Storage, device: Device): void {
    carryVersion(this.storage, storage);
    this.storage = storage;
    this._device = device;
  }

  /**
   * How many in-place writes this tensor's storage has had (shared with its reshapes and
   * `detach()`), as PyTorch's `_version`: autograd uses it to refuse gradients computed from
   * values that were overwritten after they were saved.
   *
   * @example
   * const w = torch.zeros([2]);
   * w.add_(1);
   * w._version; // 1
   */
  get _version(): number {
    return versionOf(this.storage);
  }

  /**
   * The tensor type as PyTorch names it: `'torch.FloatTensor'`, `'torch.LongTensor'`,
   * `'torch.BoolTensor'`, with the device in between off the CPU (`'torch.webgpu.FloatTensor'`,
   * as `'torch.cuda.FloatTensor'`).
   *
   * @example
   * torch.zeros([2]).type(); // 'torch.FloatTensor'
   */
  type(): string {
    const kind = this.dtype === 'int64' ? 'LongTensor' : this.dtype === 'bool' ? 'BoolTensor' : 'FloatTensor';
    return this.device.type === 'cpu' ? `torch.${kind}` : `torch.${this.device.type}.${kind}`;
  }

  // ---- size and shape ----

  /**
   * Number of dimensions.
   *
   * @example
   * torch.zeros([2, 3]).dim(); // 2
   */
  dim(): number {
    return this.shape.length;
  }

  /** The shape, or the size of one (possibly negative) dim. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim(dim, this.shape.length)] ?? 1;
  }

  /**
   * Number of elements.
   *
   * @example
   * torch.zeros([2, 3]).numel(); // 6
   */
  numel(): number {
    return numelOf(this.shape);
  }

  /** True when no op made this tensor (created by the user, or detached). */
  get is_leaf(): boolean {
    return this.grad_fn === null;
  }

  // ---- views ----

  /**
   * The same values in a new shape; one dim may be -1 (inferred). Shares storage.
   *
   * @example
   * torch.arange(6).reshape([2, -1]).shape; // [2, 3]
   */
  reshape(shape: Shape): Tensor {
    return views.reshape(this, shape);
  }

  /** Same as `reshape` (every tensor here is contiguous, so a view always exists). */
  view(shape: Shape): Tensor {
    return views.reshape(this, shape);
  }

  /**
   * Merges dims `start_dim`..`end_dim` into one.
   *
   * @example
   * torch.zeros([2, 3, 4]).flatten(1).shape; // [2, 12]
   */
  flatten(start_dim = 0, end_dim = -1): Tensor {
    if (this.shape.length === 0) return this.reshape([1]);
    const s = normalizeDim(start_dim, this.shape.length);
    const e = normalizeDim(end_dim, this.shape.length);
    const mid = numelOf(this.shape.slice(s, e + 1));
    return this.reshape([...this.shape.slice(0, s), mid, ...this.shape.slice(e + 1)]);
  }

  /**
   * The slice at `index` along `dim`, with that dim removed (`x[:, t]` in PyTorch).
   *
   * @example
   * x.select(1, t); // step t of a [batch, seq, feature] tensor
   */
  select(dim: number, index: number): Tensor {
    return views.select(this, dim, index);
  }

  /**
   * `length` elements along `dim` from `start` (`x[:, start:start+length]`).
   *
   * @example
   * torch.arange(10).narrow(0, 2, 3).tolist(); // [2, 3, 4]
   */
  narrow(dim: number, start: number, length: number): Tensor {
    return views.narrow(this, dim, start, length);
  }

  /**
   * Swaps two dims.
   *
   * @example
   * torch.zeros([5, 3, 10]).transpose(0, 1).shape; // [3, 5, 10]
   */
  transpose(dim0: number, dim1: number): Tensor {
    return views.transpose(this, dim0, dim1);
  }

  /** Transpose of a tensor with at most 2 dims. */
  t(): Tensor {
    check(this.shape.length <= 2, () => `t() expects a tensor with <= 2 dimensions, but self is ${this.shape.length}D`);
    return this.shape.length < 2 ? this.reshape(this.shape) : views.transpose(this, 0, 1);
  }

  /**
   * Reorders all dims.
   *
   * @example
   * torch.zeros([2, 3, 4]).permute([2, 0, 1]).shape; // [4, 2, 3]
   */
  permute(dims: readonly number[]): Tensor {
    return views.permute(this, dims);
  }

  /**
   * Inserts a dim of size 1 at `dim`.
   *
   * @example
   * torch.zeros([3]).unsqueeze(0).shape; // [1, 3]
   */
  unsqueeze(dim: number): Tensor {
    return views.unsqueeze(this, dim);
  }

  /**
   * Removes dims of size 1 (only `dim` when given).
   *
   * @example
   * torch.zeros([1, 3, 1]).squeeze().shape; // [3]
   */
  squeeze(dim?: number): Tensor {
    return views.squeeze(this, dim);
  }

  /**
   * Repeats size-1 dims to `shape` (-1 keeps a dim); gradients sum back.
   *
   * @example
   * torch.zeros([3, 1]).expand([3, 4]).shape; // [3, 4]
   */
  expand(shape: Shape): Tensor {
    return views.expand(this, shape);
  }

  /**
   * `expand` to another tensor's shape.
   *
   * @example
   * torch.tensor([1, 2, 3]).expand_as(torch.zeros([2, 3])).tolist(); // [[1, 2, 3], [1, 2, 3]]
   */
  expand_as(other: Tensor): Tensor {
    return views.expand(this, other.shape);
  }

  /** Every tensor here is contiguous: returns itself. */
  contiguous(): Tensor {
    return this;
  }

  /**
   * Entries at the integer positions `index` along `dim`.
   *
   * @example
   * table.index_select(0, torch.tensor([2, 0], { dtype: 'int64' }));
   */
  index_select(dim: number, index: Tensor): Tensor {
    return index_select(this, dim, index);
  }

  // ---- arithmetic ----

  /**
   * `this + alpha * other`, broadcasting; `alpha` positionally or as `{ alpha }`.
   *
   * @example
   * torch.ones([2, 3]).add(torch.tensor([1, 2, 3]), { alpha: 2 }); // every row [3, 5, 7]
   */
  add(other: Tensor | number, alpha: ew.Alpha = 1): Tensor {
    return ew.add(this, other, alpha);
  }

  /**
   * `this - alpha * other`, broadcasting; `alpha` positionally or as `{ alpha }`.
   *
   * @example
   * x.sub(y, { alpha: 2 }); // x - 2y, as x.sub(y, alpha=2)
   */
  sub(other: Tensor | number, alpha: ew.Alpha = 1): Tensor {
    return ew.sub(this, other, alpha);
  }

  /**
   * Elementwise product, broadcasting.
   *
   * @example
   * torch.tensor([1, 2]).mul(0.5).tolist(); // [0.5, 1]
   */
  mul(other: Tensor | number): Tensor {
    return ew.mul(this, other);
  }

  /**
   * Elementwise quotient, broadcasting.
   *
   * @example
   * x.div(x.sum()); // rows of a distribution: divided by the broadcast total
   */
  div(other: Tensor | number): Tensor {
    return ew.div(this, other);
  }

  /**
   * Elementwise power.
   *
   * @example
   * diff.pow(2).mean(); // mean squared error
   */
  pow(exponent: Tensor | number): Tensor {
    return ew.pow(this, exponent);
  }

  /**
   * `-this`.
   *
   * @example
   * torch.tensor([1, -2]).neg().tolist(); // [-1, 2]
   */
  neg(): Tensor {
    return ew.neg(this);
  }

  /**
   * Matrix product with PyTorch's broadcasting rules (see `torch.matmul`).
   *
   * @example
   * torch.randn([5, 3, 4]).matmul(torch.randn([4, 2])).shape; // [5, 3, 2]
   */
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  /**
   * Product of two 2-D matrices.
   *
   * @example
   * torch.randn([2, 3]).mm(torch.randn([3, 4])).shape; // [2, 4]
   */
  mm(other: Tensor): Tensor {
    check(this.shape.length === 2 && other.shape.length === 2, () =>
      `mm(): expected 2D tensors, got ${this.shape.length}D and ${other.shape.length}D`,
    );
    return matmul(this, other);
  }

  /**
   * Elementwise e^x.
   *
   * @example
   * torch.tensor([0, 1]).exp().tolist(); // [1, 2.7182817459106445]: float32's e
   */
  exp(): Tensor {
    return ew.exp(this);
  }

  /**
   * Elementwise natural logarithm.
   *
   * @example
   * torch.tensor([1, 0]).log().tolist(); // [0, -Infinity]
   */
  log(): Tensor {
    return ew.log(this);
  }

  /**
   * Elementwise tanh (exact ±1 for large |x|, never NaN).
   *
   * @example
   * torch.tensor([-500, 0, 500]).tanh().tolist(); // [-1, 0, 1]: saturates without NaN
   */
  tanh(): Tensor {
    return ew.tanh(this);
  }

  /**
   * Elementwise max(x, 0); its gradient at exactly 0 is 0, as in PyTorch.
   *
   * @example
   * torch.tensor([-1, 0, 2]).relu().tolist(); // [0, 0, 2]; its gradient at 0 is 0
   */
  relu(): Tensor {
    return ew.relu(this);
  }

  /**
   * Elementwise 1 / (1 + e^-x), stable at both extremes.
   *
   * @example
   * torch.tensor([-1000, 0, 1000]).sigmoid().tolist(); // [0, 0.5, 1]
   */
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }

  /**
   * Elementwise square root.
   *
   * @example
   * torch.tensor([9, -1]).sqrt().tolist(); // [3, NaN]
   */
  sqrt(): Tensor {
    return ew.sqrt(this);
  }

  /**
   * Elementwise absolute value.
   *
   * @example
   * x.abs().max(); // the largest magnitude, as one element
   */
  abs(): Tensor {
    return ew.abs(this);
  }

  /**
   * Elementwise bounds (either may be null); see `torch.clamp`.
   *
   * @example
   * torch.tensor([-2, 0.5, 3]).clamp(-1, 1); // [-1, 0.5, 1]; the gradient is 1 only for 0.5
   */
  clamp(min: Tensor | number | null = null, max: Tensor | number | null = null): Tensor {
    return clamp(this, min, max);
  }

  /**
   * Alias of `clamp`, as `Tensor.clip` in PyTorch.
   *
   * @example
   * x.clip(null, 0); // non-positive part; a NaN in x stays NaN
   */
  clip(min: Tensor | number | null = null, max: Tensor | number | null = null): Tensor {
    return clamp(this, min, max);
  }

  /**
   * In place `clamp` (not recorded).
   *
   * @example
   * torch.no_grad(() => p.grad!.clamp_(-1, 1));
   */
  clamp_(min: Tensor | number | null = null, max: Tensor | number | null = null): this {
    return this.copy_(no_grad(() => clamp(this, min, max)));
  }

  /**
   * Elementwise lower bound.
   *
   * @example
   * x.clamp_min(0); // like relu, but with gradient 1 at exactly 0
   */
  clamp_min(min: Tensor | number): Tensor {
    return clamp(this, min, null);
  }

  /**
   * Elementwise upper bound.
   *
   * @example
   * torch.tensor([0.5, 2, NaN]).clamp_max(1).tolist(); // [0.5, 1, NaN]: NaN is kept
   */
  clamp_max(max: Tensor | number): Tensor {
    return clamp(this, null, max);
  }

  /**
   * Elementwise -1, 0 or 1 (no gradient).
   *
   * @example
   * torch.tensor([-3, 0, 2]).sign().tolist(); // [-1, 0, 1]
   */
  sign(): Tensor {
    return ew.sign(this);
  }

  /**
   * Elementwise larger of two tensors (gradient split evenly on ties).
   *
   * @example
   * torch.tensor([1, NaN]).maximum(torch.tensor([2, 0])).tolist(); // [2, NaN]: NaN propagates
   */
  maximum(other: Tensor): Tensor {
    return ew.maximum(this, other);
  }

  /**
   * Elementwise smaller of two tensors.
   *
   * @example
   * torch.tensor([1, 5]).minimum(torch.tensor([2, 0])).tolist(); // [1, 0]
   */
  minimum(other: Tensor): Tensor {
    return ew.minimum(this, other);
  }

  /**
   * Elementwise `this > other` as a 0/1 bool tensor.
   *
   * @example
   * torch.tensor([-1, 0, 2]).gt(0).tolist(); // [0, 0, 1], a tensor of dtype 'bool'
   */
  gt(other: Tensor | number): Tensor {
    return ew.compare(this, other, 'gt');
  }

  /**
   * Elementwise `this < other` as a 0/1 bool tensor.
   *
   * @example
   * torch.tensor([-1, 0, 2]).lt(0).tolist(); // [1, 0, 0] (dtype 'bool')
   */
  lt(other: Tensor | number): Tensor {
    return ew.compare(this, other, 'lt');
  }

  /**
   * Elementwise `this >= other` as a 0/1 bool tensor.
   *
   * @example
   * torch.tensor([-1, 0, 2]).ge(0).tolist(); // [0, 1, 1] (dtype 'bool')
   */
  ge(other: Tensor | number): Tensor {
    return ew.compare(this, other, 'ge');
  }

  /**
   * Elementwise `this <= other` as a 0/1 bool tensor.
   *
   * @example
   * torch.tensor([-1, 0, NaN]).le(0).tolist(); // [1, 1, 0]: NaN compares false
   */
  le(other: Tensor | number): Tensor {
    return ew.compare(this, other, 'le');
  }

  /**
   * Elementwise `this == other` as a 0/1 bool tensor.
   *
   * @example
   * prediction.argmax(-1).eq(labels).mean(); // accuracy
   */
  eq(other: Tensor | number): Tensor {
    return ew.compare(this, other, 'eq');
  }

  // ---- reductions ----

  /**
   * Sum over `dim` (all elements when omitted), optionally keeping reduced dims.
   *
   * @example
   * torch.ones([2, 3]).sum(1).tolist(); // [3, 3]
   */
  sum(dim?: number | readonly number[], keepdim = false): Tensor {
    return red.sum(this, dim, keepdim);
  }

  /**
   * Mean over `dim` (all elements when omitted).
   *
   * @example
   * loss.mean();
   */
  mean(dim?: number | readonly number[], keepdim = false): Tensor {
    return red.mean(this, dim, keepdim);
  }

  /**
   * The largest value of all elements; along `dim`, PyTorch's `(values, indices)` namedtuple;
   * with a tensor, the elementwise `maximum`.
   *
   * @example
   * const [values, indices] = torch.tensor([[1, 5], [7, 2]]).max(1); // [5, 7] and [1, 0]
   * torch.tensor([[1, 5], [7, 2]]).max(0, true).indices.shape; // [1, 2]
   */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): red.ValuesIndices;
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor, keepdim = false): Tensor | red.ValuesIndices {
    if (dim instanceof Tensor) return ew.maximum(this, dim);
    return dim === undefined ? red.amaxAll(this, 'max') : red.max_dim(this, dim, keepdim, 'max');
  }

  /**
   * The smallest value of all elements; along `dim`, the `(values, indices)` namedtuple; with a
   * tensor, the elementwise `minimum`.
   *
   * @example
   * const { values, indices } = torch.tensor([3, 1, 1]).min(0); // 1 and 1: the first of the tied minima
   */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): red.ValuesIndices;
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor, keepdim = false): Tensor | red.ValuesIndices {
    if (dim instanceof Tensor) return ew.minimum(this, dim);
    return dim === undefined ? red.amaxAll(this, 'min') : red.max_dim(this, dim, keepdim, 'min');
  }

  /**
   * The p-norm over `dim` (all elements when omitted); see `torch.norm`.
   *
   * @example
   * torch.tensor([[3, 4], [0, 0]]).norm(2, 1); // [5, 0]; the gradient of the zero row is 0, not NaN
   */
  norm(p: NormOrd = 'fro', dim?: number | readonly number[], keepdim = false): Tensor {
    return norm(this, p, dim, keepdim);
  }

  /**
   * Indices of the largest values along `dim` (flattened input when omitted); the first wins ties.
   *
   * @example
   * torch.tensor([[1, 3], [5, 5]]).argmax(-1).tolist(); // [1, 0]: the first of tied maxima, as int64
   */
  argmax(dim?: number, keepdim = false): Tensor {
    return red.argmax(this, dim, keepdim);
  }

  /**
   * Indices of the smallest values along `dim` (flattened input when omitted).
   *
   * @example
   * torch.tensor([[2, 1], [0, 0]]).argmin(-1).tolist(); // [1, 0]
   */
  argmin(dim?: number, keepdim = false): Tensor {
    return red.argmin(this, dim, keepdim);
  }

  // ---- dtype ----

  /**
   * As int64, rounding toward zero (the tensor itself when already int64); no gradient.
   *
   * @example
   * torch.tensor([-1.7, 2.9]).long().tolist(); // [-1, 2]
   */
  long(): Tensor {
    return to_dtype(this, 'int64');
  }

  /**
   * As float32 (the tensor itself when already float32).
   *
   * @example
   * labels.eq(predictions).float().mean(); // accuracy from a bool tensor
   */
  float(): Tensor {
    return to_dtype(this, 'float32');
  }

  /**
   * Values picked along `dim` by an integer `index` of the same rank; see `torch.gather`.
   *
   * @example
   * logp.gather(1, target.unsqueeze(1)); // each row's log-probability of its target class
   */
  gather(dim: number, index: Tensor): Tensor {
    return gather(this, dim, index);
  }

  // ---- autograd ----

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad, adding them
   * to each leaf's `.grad`. A non-scalar needs an explicit `gradient` of its shape.
   *
   * @example
   * const w = torch.tensor([1, 2], { requires_grad: true });
   * w.mul(w).sum().backward(); // w.grad: [2, 4]
   */
  backward(gradient?: Tensor, options: { retain_graph?: boolean; create_graph?: boolean } = {}): void {
    const { retain_graph, create_graph } = parseOptions('backward', { retain_graph: false, create_graph: false }, options);
    check(!create_graph, () => 'backward(): create_graph=True (higher-order gradients) is not supported by this engine');
    check(this.requires_grad, () => 'element 0 of tensors does not require grad and does not have a grad_fn');
    let seed = gradient;
    if (seed === undefined) {
      check(this.numel() === 1, () => 'grad can be implicitly created only for scalar outputs');
      seed = no_grad(() => ew.asTensor(1, this).reshape(this.shape));
    }
    check(shapesEqual(seed.shape, this.shape), () =>
      `Mismatch in shape: grad_output[0] has a shape of ${fmtSize(seed.shape)} and output[0] has a shape of ${fmtSize(this.shape)}.`,
    );
    runBackward(this, seed, retain_graph);
  }

  /** Sets `requires_grad` in place (leaves only) and returns this tensor. */
  requires_grad_(requires_grad = true): this {
    check(this.is_leaf || requires_grad, () =>
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
    this.requires_grad = requires_grad;
    return this;
  }

  /** A new leaf sharing this tensor's storage, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, { device: this.device, dtype: this.dtype });
  }

  /** Keeps `.grad` for this non-leaf tensor after backward (dL/dh_t in the step-through views). */
  retain_grad(): void {
    check(this.requires_grad, () => "can't retain_grad on Tensor that has requires_grad=False");
    if (!this.is_leaf) this._retains_grad = true;
  }

  /** Whether `retain_grad()` was called on this non-leaf. */
  get retains_grad(): boolean {
    return this._retains_grad;
  }

  /**
   * Calls `hook(grad)` when this tensor's gradient is computed; a returned tensor replaces it.
   * Returns a handle whose `remove()` unregisters the hook.
   */
  register_hook(hook: GradHook): { remove(): void } {
    check(this.requires_grad, () => "cannot register a hook on a tensor that doesn't require gradient");
    this._hooks.push(hook);
    return { remove: () => void (this._hooks = this._hooks.filter((h) => h !== hook)) };
  }

  // ---- in place (optimizers and initialisers; never recorded) ----

  /**
   * In-place writes are for optimizers, initialisers and buffers. With grad mode on, PyTorch
   * refuses them on a leaf that requires grad, and records them on anything else that requires
   * grad; this engine does not record them (its graph follows tensors, not versions), so it
   * refuses those too rather than compute a gradient that ignores the write.
   */
  private assertInPlaceAllowed(...sources: readonly (Tensor | number)[]): void {
    if (!is_grad_enabled()) return;
    check(!(this.is_leaf && this.requires_grad), () =>
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
    check(!this.requires_grad && !sources.some((t) => t instanceof Tensor && t.requires_grad), () =>
      'an in-place operation on a tensor that requires grad, or from one, is not recorded by the autograd ' +
        'of this engine; write it out of place (y = y.mul(2)), or inside torch.no_grad() when no gradient ' +
        'should flow through it',
    );
  }

  /** Overwrites this tensor's values with `src` (broadcast to this shape). */
  copy_(src: Tensor): this {
    this.assertInPlaceAllowed(src);
    const value = no_grad(() => (shapesEqual(src.shape, this.shape) ? src : src.expand(this.shape)));
    const backend = getBackend(this.device.type);
    if (value.device === this.device) backend.run('strided_write', { src: value.storage }, { out: this.storage }, {
      shape: this.shape, strides: contiguousStrides(this.shape), offset: 0, accumulate: false,
    });
    else backend.write(this.storage, value.readNow('copy_()', `await src.to_async('${this.device}')`));
    bumpVersion(this.storage);
    return this;
  }

  /**
   * Sets every element to `value`, in place.
   *
   * @example
   * w.fill_(0); // in place, inside no_grad for a parameter; bumps the version counter
   */
  fill_(value: number): this {
    this.assertInPlaceAllowed();
    getBackend(this.device.type).run('fill', {}, { out: this.storage }, { value });
    bumpVersion(this.storage);
    return this;
  }

  /**
   * Sets every element to 0, in place.
   *
   * @example
   * buffer.zero_(); // in place: views of the same storage see the zeros
   */
  zero_(): this {
    return this.fill_(0);
  }

  /**
   * In place `this += alpha * other` (not recorded; for optimizers and init).
   *
   * @example
   * torch.no_grad(() => p.add_(p.grad!, -0.1));
   */
  add_(other: Tensor | number, alpha: ew.Alpha = 1): this {
    this.assertInPlaceAllowed(other);
    return this.copy_(no_grad(() => ew.add(this, other, alpha)));
  }

  /**
   * In place `this -= alpha * other`.
   *
   * @example
   * torch.no_grad(() => p.sub_(p.grad!.mul(0.1)));
   */
  sub_(other: Tensor | number, alpha: ew.Alpha = 1): this {
    this.assertInPlaceAllowed(other);
    return this.copy_(no_grad(() => ew.sub(this, other, alpha)));
  }

  /**
   * In place `this *= other`.
   *
   * @example
   * torch.no_grad(() => p.grad!.mul_(0.5));
   */
  mul_(other: Tensor | number): this {
    this.assertInPlaceAllowed(other);
    return this.copy_(no_grad(() => ew.mul(this, other)));
  }

  /**
   * In place `this /= other`.
   *
   * @example
   * torch.no_grad(() => v.div_(2));
   */
  div_(other: Tensor | number): this {
    this.assertInPlaceAllowed(other);
    return this.copy_(no_grad(() => ew.div(this, other)));
  }

  /**
   * Fills this tensor in place with 1 (probability `p`) or 0, drawn as PyTorch's CPU
   * `bernoulli_(p)` draws (one 53-bit uniform per element), from `generator` or the default one.
   * Dropout's mask is `bernoulli_(1 - p)`; with a generator of its own, a mask never moves
   * another run's stream.
   *
   * @example
   * const g = new torch.Generator().manual_seed(9);
   * const mask = torch.zeros([3, 5]).bernoulli_(0.6, { generator: g });
   */
  bernoulli_(p = 0.5, options: { generator?: Generator } = {}): this {
    this.assertInPlaceAllowed();
    const values = bernoulli_(options.generator ?? default_generator, this.numel(), p);
    getBackend(this.device.type).write(this.storage, values);
    bumpVersion(this.storage);
    return this;
  }

  /** A copy with its own storage; gradients flow back to this tensor. */
  clone(): Tensor {
    return ew.add(this, 0);
  }

  // ---- reading values ----

  /**
   * The values, read synchronously: only a CPU tensor can be. Elsewhere it throws a TorchError
   * naming `asyncForm`, the asynchronous call that works on every device.
   */
  private readNow(what: string, asyncForm: string): Float32Array {
    check(this.device.type === 'cpu', () =>
      `${what} cannot read a tensor on the '${this.device}' device synchronously: GPU memory can only be ` +
        `read asynchronously. Use '${asyncForm}' instead`,
    );
    return getBackend('cpu').readSync(this.storage);
  }

  /** The values as a flat Float32Array (a copy). CPU only; use `await data()` on other devices. */
  toFloat32Array(): Float32Array {
    return Float32Array.from(this.readNow('toFloat32Array()', 'await tensor.data()'));
  }

  /** The values as a flat Float32Array, on any device. */
  async data(): Promise<Float32Array> {
    return Float32Array.from(await getBackend(this.device.type).read(this.storage));
  }

  /** The value of a one-element tensor (CPU; use `await item_async()` on other devices). */
  item(): number {
    this.checkScalar();
    return this.readNow('item()', 'await tensor.item_async()')[0]!;
  }

  /**
   * `item()` for any device: on the GPU it waits for the work queued so far, so call it only
   * when the number is needed (a training loop that reads the loss every step waits every step).
   *
   * @example
   * const loss = torch.nn.functional.mse_loss(model.forward(x), y);
   * loss.backward();
   * optimizer.step();
   * const value = await loss.item_async();
   */
  async item_async(): Promise<number> {
    this.checkScalar();
    return (await getBackend(this.device.type).read(this.storage))[0]!;
  }

  private checkScalar(): void {
    check(this.numel() === 1, () =>
      `a Tensor with ${this.numel()} elements cannot be converted to Scalar`,
    );
  }

  /** The values as nested arrays shaped like the tensor (CPU; use `await tolistAsync()` elsewhere). */
  tolist(): NestedArray {
    return nest(this.readNow('tolist()', 'await tensor.tolistAsync()'), this.shape);
  }

  /** `tolist()` for any device, including the GPU. */
  async tolistAsync(): Promise<NestedArray> {
    return nest(await getBackend(this.device.type).read(this.storage), this.shape);
  }

  /** @internal Flat values as plain numbers (CPU). */
  tolist1d(): number[] {
    return Array.from(this.readNow('tolist1d()', 'await tensor.data()'));
  }

  /**
   * A copy on `device` (this tensor itself when already there); gradients flow back across.
   * Synchronous, so it cannot leave the GPU: `to('cpu')` on a 'webgpu' tensor throws, pointing
   * at `await to_async('cpu')`.
   *
   * @example
   * const x = torch.randn([5, 3, 10]).to('webgpu');
   */
  to(target: DeviceLike): Tensor {
    const dev = toDevice(target);
    if (dev === this.device) return this;
    return this.copiedTo(dev, this.readNow(`to('${dev}')`, `await tensor.to_async('${dev}')`));
  }

  /**
   * `to(device)` for any pair of devices, including GPU to CPU, which must wait for the GPU.
   *
   * @example
   * const output = await model.forward(x).to_async('cpu');
   * output.tolist();
   */
  async to_async(target: DeviceLike): Promise<Tensor> {
    const dev = toDevice(target);
    if (dev === this.device) return this;
    return this.copiedTo(dev, await getBackend(this.device.type).read(this.storage));
  }

  private copiedTo(dev: Device, values: Float32Array): Tensor {
    const out = new Tensor(getBackend(dev.type).fromArray(values), this.shape, { device: dev, dtype: this.dtype });
    if (!this.requires_grad || !is_grad_enabled()) return out;
    out.requires_grad = true;
    const from = this.device;
    out.grad_fn = {
      op: 'ToCopyBackward0',
      inputs: [this],
      saved: [],
      backward: (g) => {
        // backward() is synchronous, so a gradient cannot come back from the GPU to a CPU leaf.
        check(g.device.type === 'cpu' || from.type !== 'cpu', () =>
          `cannot send a gradient from the '${g.device}' device back to a '${from}' tensor during backward(): ` +
            `GPU memory can only be read asynchronously. Create the leaf on '${g.device}' ` +
            `(torch.tensor(data, { device: '${g.device}', requires_grad: true })) instead of moving it there`,
        );
        return [g.to(from)];
      },
    };
    return out;
  }

  toString(): string {
    if (this.device.type !== 'cpu') return `tensor(<${fmtShape(this.shape)} on ${this.device}>)`;
    const body = JSON.stringify(this.tolist()).replace(/,/g, ', ');
    const extra = this.grad_fn ? `, grad_fn=<${this.grad_fn.op}>` : this.requires_grad ? ', requires_grad=True' : '';
    return `tensor(${body}${extra})`;
  }
}

function nest(flat: ArrayLike<number>, shape: Shape): NestedArray {
  if (shape.length === 0) return flat[0]!;
  let pos = 0;
  const build = (d: number): NestedArray[] => {
    const n = shape[d]!;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d === shape.length - 1 ? flat[pos++]! : build(d + 1);
    return out;
  };
  return build(0);
}


/** torch.nn.Embedding: a lookup table of trainable vectors, indexed by integer ids. */
import { no_grad } from '../autograd/grad_mode.ts';
import { check, fmtShape } from '../errors.ts';
import { withGrad } from '../ops/dispatch.ts';
import { keep_where } from '../ops/elementwise.ts';
import { index_add_rows, index_select } from '../ops/indexing.ts';
import { bindArgs, parseOptions } from '../options.ts';
import { fromFloat32, full, ones, zeros } from '../tensor/creation.ts';
import { default_generator, normal_ } from '../tensor/random.ts';
import { shapesEqual } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

/** The optional arguments of `F.embedding`, in PyTorch's positional order. */
export interface EmbeddingFunctionOptions {
  /** This id's row gets no gradient (and, in `nn.Embedding`, starts as zeros); may be negative. */
  padding_idx?: number | null;
  /** Rows looked up whose `norm_type`-norm exceeds this are rescaled in place to this norm first. */
  max_norm?: number | null;
  /** The p of the `max_norm` check (default 2). */
  norm_type?: number;
  /** Divide each row's gradient by how often its id occurs in the batch (default false). */
  scale_grad_by_freq?: boolean;
  /** Sparse gradients: not supported (false only). */
  sparse?: boolean;
}

const FUNCTION_DEFAULTS = { padding_idx: null as number | null, max_norm: null as number | null, norm_type: 2, scale_grad_by_freq: false, sparse: false };

/** A padding id as a row index in [0, num), or null. */
function paddingRow(padding_idx: number | null, num: number): number | null {
  if (padding_idx === null) return null;
  check(Number.isInteger(padding_idx) && padding_idx < num && padding_idx >= -num, () =>
    'Padding_idx must be within num_embeddings',
  );
  return padding_idx < 0 ? padding_idx + num : padding_idx;
}

/**
 * Rescales, in place, every row of `weight` that `ids` look up and whose p-norm exceeds
 * `max_norm` to norm `max_norm` (scale `max_norm / (norm + 1e-7)`), as `torch.embedding_renorm_`.
 * Runs on the weight's device: no values are read back.
 *
 * @example
 * embedding_renorm_(emb.weight, ids, 1, 2); // looked-up rows now have 2-norm at most 1
 */
export function embedding_renorm_(weight: Tensor, ids: Tensor, max_norm: number, norm_type = 2): Tensor {
  no_grad(() => {
    const num = weight.shape[0]!;
    const flat = ids.reshape([-1]);
    const referenced = index_add_rows(ones([flat.numel(), 1], { device: weight.device }), flat, num).gt(0);
    const norms = weight.norm(norm_type, 1, true);
    const over = norms.gt(max_norm).mul(referenced);
    const scale = keep_where(full([], max_norm, { device: weight.device }).div(norms.add(1e-7)), over).add(over.neg().add(1));
    weight.mul_(scale);
  });
  return weight;
}

/**
 * Rows of `weight` picked by the integer ids in `input` (any shape); the result has shape
 * `[...input.shape, embedding_dim]`. Options as in PyTorch, positionally or as an object:
 * `padding_idx`, `max_norm`, `norm_type`, `scale_grad_by_freq`, `sparse`.
 *
 * @example
 * torch.nn.functional.embedding(ids, weight, { padding_idx: 0 }); // row 0 is read but never trained
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  ...args: [padding_idx?: number | null, max_norm?: number | null, norm_type?: number, scale_grad_by_freq?: boolean, sparse?: boolean] | [options: EmbeddingFunctionOptions]
): Tensor {
  const o = bindArgs('embedding', FUNCTION_DEFAULTS, args);
  check(!o.sparse, () => 'embedding: sparse=True (sparse gradients) is not supported by this engine; use sparse=False');
  check(weight.shape.length === 2, () => `'weight' must be 2-D, got ${fmtShape(weight.shape)}`);
  const num = weight.shape[0]!;
  const padding = paddingRow(o.padding_idx, num);
  if (o.max_norm !== null) embedding_renorm_(weight, input, o.max_norm, o.norm_type);
  const flat = input.reshape([-1]);
  const rows = no_grad(() => index_select(weight, 0, flat));
  const out = withGrad(rows, 'EmbeddingBackward', [weight], (g) => {
    let grad = g;
    if (padding !== null) grad = keep_where(grad, flat.eq(padding).neg().add(1).unsqueeze(1));
    if (o.scale_grad_by_freq) {
      const counts = index_add_rows(ones([flat.numel(), 1], { device: g.device }), flat, num);
      grad = grad.div(index_select(counts, 0, flat));
    }
    return [index_add_rows(grad, flat, num)];
  });
  return out.reshape([...input.shape, weight.shape[1]!]);
}

export interface EmbeddingOptions extends EmbeddingFunctionOptions {
  /** Use this [num_embeddings, embedding_dim] tensor as the initial weight (no random draw). */
  _weight?: Tensor | null;
  /** Whether the weight is frozen (requires_grad false); default false. */
  _freeze?: boolean;
}

export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly sparse: boolean;
  /** [num_embeddings, embedding_dim], initialised from N(0, 1) like PyTorch (the padding row zeroed). */
  weight: Parameter;

  /**
   * @example
   * const emb = new torch.nn.Embedding(10, 3, { padding_idx: 0 });
   * emb.forward(torch.tensor([[0, 2], [4, 9]], { dtype: 'int64' })).shape; // [2, 2, 3]; row 0 is zeros and stays so
   */
  constructor(num_embeddings: number, embedding_dim: number, options: EmbeddingOptions = {}) {
    super();
    check(Number.isInteger(num_embeddings) && num_embeddings > 0 && Number.isInteger(embedding_dim) && embedding_dim > 0, () =>
      `Embedding: num_embeddings and embedding_dim must be positive integers, got ${num_embeddings} and ${embedding_dim}`,
    );
    const o = parseOptions('Embedding', { ...FUNCTION_DEFAULTS, _weight: null as Tensor | null, _freeze: false }, options);
    check(!o.sparse, () => 'Embedding: sparse=True (sparse gradients) is not supported by this engine; use sparse=False');
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.padding_idx = paddingRow(o.padding_idx, num_embeddings);
    this.max_norm = o.max_norm;
    this.norm_type = o.norm_type;
    this.scale_grad_by_freq = o.scale_grad_by_freq;
    this.sparse = o.sparse;
    if (o._weight !== null) {
      check(shapesEqual(o._weight.shape, [num_embeddings, embedding_dim]), () => 'Shape of weight does not match num_embeddings and embedding_dim');
      this.weight = new Parameter(o._weight, !o._freeze);
      return;
    }
    const values = normal_(default_generator, num_embeddings * embedding_dim, 0, 1);
    if (this.padding_idx !== null) values.fill(0, this.padding_idx * embedding_dim, (this.padding_idx + 1) * embedding_dim);
    this.weight = new Parameter(values.length > 0 ? fromFloat32(values, [num_embeddings, embedding_dim]) : zeros([0, embedding_dim]), !o._freeze);
  }

  /**
   * An Embedding holding `embeddings` (shared, not copied), frozen unless `freeze` is false.
   *
   * @example
   * const emb = torch.nn.Embedding.from_pretrained(vectors, { freeze: false, padding_idx: 0 });
   */
  static from_pretrained(embeddings: Tensor, options: EmbeddingFunctionOptions & { freeze?: boolean } = {}): Embedding {
    check(embeddings.shape.length === 2, () => 'Embeddings parameter is expected to be 2-dimensional');
    const { freeze, ...rest } = parseOptions('from_pretrained', { freeze: true, ...FUNCTION_DEFAULTS }, options);
    const [rows, cols] = embeddings.shape as [number, number];
    return new Embedding(rows, cols, { ...rest, _weight: embeddings, _freeze: freeze });
  }

  override forward(input: Tensor): Tensor {
    const { padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse } = this;
    return embedding(input, this.weight, { padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
  }
}

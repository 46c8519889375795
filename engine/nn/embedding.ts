/** torch.nn.Embedding: a lookup table of trainable vectors, indexed by integer ids. */
import { check } from '../errors.ts';
import { index_select } from '../ops/indexing.ts';
import { fromFloat32, zeros } from '../tensor/creation.ts';
import { default_generator, normal_ } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

/**
 * Rows of `weight` picked by the integer ids in `input` (any shape); the result has shape
 * `[...input.shape, embedding_dim]`.
 *
 * @example
 * torch.nn.functional.embedding(torch.tensor([0, 2], { dtype: 'int64' }), weight);
 */
export function embedding(input: Tensor, weight: Tensor): Tensor {
  const flat = input.reshape([-1]);
  return index_select(weight, 0, flat).reshape([...input.shape, weight.shape[1]!]);
}

export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  /** [num_embeddings, embedding_dim], initialised from N(0, 1) like PyTorch. */
  weight: Parameter;

  /**
   * @example
   * const emb = new torch.nn.Embedding(10, 3);
   * emb.forward(torch.tensor([[1, 2], [4, 9]], { dtype: 'int64' })).shape; // [2, 2, 3]
   */
  constructor(num_embeddings: number, embedding_dim: number) {
    super();
    check(Number.isInteger(num_embeddings) && num_embeddings > 0 && Number.isInteger(embedding_dim) && embedding_dim > 0, () =>
      `Embedding: num_embeddings and embedding_dim must be positive integers, got ${num_embeddings} and ${embedding_dim}`,
    );
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    const values = normal_(default_generator, num_embeddings * embedding_dim, 0, 1);
    this.weight = new Parameter(values.length > 0 ? fromFloat32(values, [num_embeddings, embedding_dim]) : zeros([0, embedding_dim]));
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight);
  }
}

/** torch.nn.Linear: y = x W^T + b over the last dim. */
import { check } from '../errors.ts';
import { linear } from '../ops/matmul.ts';
import { parseOptions } from '../options.ts';
import { zeros } from '../tensor/creation.ts';
import { kaimingUniformBound, linearBiasBound } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

export class Linear extends Module {
  readonly in_features: number;
  readonly out_features: number;
  /** [out_features, in_features] */
  weight: Parameter;
  /** [out_features], or null without bias. */
  bias: Parameter | null;

  /**
   * A fully connected layer over the last dim of any-rank input. Weights start from PyTorch's
   * default (kaiming-uniform weight, uniform bias), drawn from the seeded generator.
   *
   * @example
   * const head = new torch.nn.Linear(20, 3);
   * head.forward(torch.randn([5, 7, 20])).shape; // [5, 7, 3]
   */
  constructor(in_features: number, out_features: number, options: LinearOptions | boolean = {}) {
    super();
    check(Number.isInteger(in_features) && in_features >= 0 && Number.isInteger(out_features) && out_features >= 0, () =>
      `Linear: in_features and out_features must be non-negative integers, got ${in_features} and ${out_features}`,
    );
    const { bias } = parseOptions('Linear', { bias: true }, typeof options === 'boolean' ? { bias: options } : options);
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(zeros([out_features, in_features]));
    this.bias = bias ? new Parameter(zeros([out_features])) : null;
    this.reset_parameters();
  }

  /** Redraws the weights as the constructor did (PyTorch's `reset_parameters`). */
  reset_parameters(): void {
    uniform_(this.weight, -kaimingUniformBound(this.in_features), kaimingUniformBound(this.in_features));
    if (this.bias !== null) uniform_(this.bias, -linearBiasBound(this.in_features), linearBiasBound(this.in_features));
  }

  override forward(input: Tensor): Tensor {
    check(input.shape.length > 0 && input.shape[input.shape.length - 1] === this.in_features, () =>
      `Linear: expected input with last dimension ${this.in_features} (in_features), got shape [${input.shape.join(', ')}]`,
    );
    return linear(input, this.weight, this.bias);
  }
}

/**
 * Loss modules (torch.nn.CrossEntropyLoss and friends): their options fixed at construction,
 * `forward(input, target)` calling the functional form.
 */
import { parseOptions } from '../options.ts';
import type { Tensor } from '../tensor/tensor.ts';
import {
  binary_cross_entropy_with_logits, cross_entropy, mse_loss, nll_loss,
  type BCEWithLogitsOptions, type CrossEntropyOptions, type NllLossOptions, type Reduction,
} from './losses.ts';
import { Module } from './module.ts';

export class CrossEntropyLoss extends Module {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly reduction: Reduction;
  readonly label_smoothing: number;

  /**
   * `cross_entropy` with fixed options.
   *
   * @example
   * const criterion = new torch.nn.CrossEntropyLoss({ ignore_index: 0, label_smoothing: 0.1 });
   * criterion.forward(logits.reshape([-1, vocab]), targets.reshape([-1])); // padding id 0 does not count
   */
  constructor(options: CrossEntropyOptions = {}) {
    super();
    const o = parseOptions('CrossEntropyLoss', { weight: null as Tensor | null, ignore_index: -100, reduction: 'mean' as Reduction, label_smoothing: 0 }, options);
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
    this.reduction = o.reduction;
    this.label_smoothing = o.label_smoothing;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    const { weight, ignore_index, reduction, label_smoothing } = this;
    return cross_entropy(input, target, { weight, ignore_index, reduction, label_smoothing });
  }
}

export class NLLLoss extends Module {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly reduction: Reduction;

  /**
   * `nll_loss` with fixed options; pair it with `log_softmax`.
   *
   * @example
   * const criterion = new torch.nn.NLLLoss({ weight: torch.tensor([1, 5]) });
   * criterion.forward(torch.nn.functional.log_softmax(logits, 1), target); // class 1 counts 5 times in the mean too
   */
  constructor(options: NllLossOptions = {}) {
    super();
    const o = parseOptions('NLLLoss', { weight: null as Tensor | null, ignore_index: -100, reduction: 'mean' as Reduction }, options);
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
    this.reduction = o.reduction;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    const { weight, ignore_index, reduction } = this;
    return nll_loss(input, target, { weight, ignore_index, reduction });
  }
}

export class MSELoss extends Module {
  readonly reduction: Reduction;

  /**
   * `mse_loss` with a fixed reduction.
   *
   * @example
   * new torch.nn.MSELoss({ reduction: 'sum' }).forward(prediction, target); // summed, not averaged
   */
  constructor(options: { reduction?: Reduction } = {}) {
    super();
    this.reduction = parseOptions('MSELoss', { reduction: 'mean' as Reduction }, options).reduction;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, { reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends Module {
  readonly weight: Tensor | null;
  readonly pos_weight: Tensor | null;
  readonly reduction: Reduction;

  /**
   * `binary_cross_entropy_with_logits` with fixed options.
   *
   * @example
   * const criterion = new torch.nn.BCEWithLogitsLoss({ pos_weight: torch.tensor([2]) });
   * criterion.forward(logits, labels); // positives weigh double; logits, not probabilities, go in
   */
  constructor(options: BCEWithLogitsOptions = {}) {
    super();
    const o = parseOptions('BCEWithLogitsLoss', { weight: null as Tensor | null, pos_weight: null as Tensor | null, reduction: 'mean' as Reduction }, options);
    this.weight = o.weight;
    this.pos_weight = o.pos_weight;
    this.reduction = o.reduction;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    const { weight, pos_weight, reduction } = this;
    return binary_cross_entropy_with_logits(input, target, { weight, pos_weight, reduction });
  }
}

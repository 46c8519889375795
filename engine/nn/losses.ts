/**
 * Loss functions with PyTorch's options, reductions and weighting (torch.nn.functional). Ignored
 * targets are dropped by selection (a masked fill), never by multiplying with a 0/1 mask, so an
 * inf or NaN at an ignored position cannot leak into the loss.
 */
import { check, fmtShape } from '../errors.ts';
import { keep_where } from '../ops/elementwise.ts';
import { gather, index_select } from '../ops/indexing.ts';
import { parseOptions } from '../options.ts';
import { shapesEqual } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { logsigmoid } from './activations.ts';
import { log_softmax } from './softmax.ts';

export type Reduction = 'mean' | 'sum' | 'none';

function checkReduction(reduction: unknown): Reduction {
  check(reduction === 'mean' || reduction === 'sum' || reduction === 'none', () =>
    `${String(reduction)} is not a valid value for reduction; use 'mean', 'sum' or 'none'`,
  );
  return reduction;
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

/** `1 - x`: the complement of a 0/1 mask, or of a probability. */
const oneMinus = (x: Tensor): Tensor => x.neg().add(1);

/**
 * Mean squared error, `mean((input - target)^2)` by default; `target` broadcasts to `input`.
 *
 * @example
 * torch.nn.functional.mse_loss(prediction, target, { reduction: 'sum' }); // the total, not the mean
 */
export function mse_loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  const { reduction } = parseOptions('mse_loss', { reduction: 'mean' as Reduction }, options);
  const diff = input.sub(target);
  return reduce(diff.mul(diff), checkReduction(reduction));
}

export interface NllLossOptions {
  /** A rescaling weight per class, shape [C] (default: all 1). */
  weight?: Tensor | null;
  /** Target value whose positions are skipped, in the sum, the mean and the gradient (default -100). */
  ignore_index?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes each target with the uniform distribution: (1 - s) * target + s / C (default 0). */
  label_smoothing?: number;
}

const NLL_DEFAULTS = { weight: null as Tensor | null, ignore_index: -100, reduction: 'mean' as Reduction };

/** Input as (N, C, ...) and target as (N, ...): the unbatched (C) / () form gets a batch of 1. */
function batched(input: Tensor, target: Tensor, fn: string): { logits: Tensor; labels: Tensor; unbatched: boolean } {
  check(input.shape.length >= 1, () => `Expected 1 or more dimensions (got ${input.shape.length})`);
  if (input.shape.length === 1) {
    check(target.shape.length <= 1 && target.numel() === 1, () =>
      `0D or 1D target tensor expected, multi-target not supported (${fn} of input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)})`,
    );
    return { logits: input.unsqueeze(0), labels: target.reshape([1]), unbatched: true };
  }
  check(target.shape[0] === input.shape[0] || target.shape.length === 0, () =>
    `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`,
  );
  const expected = [input.shape[0]!, ...input.shape.slice(2)];
  check(shapesEqual(target.shape, expected), () => `Expected target size ${fmtShape(expected)}, got ${fmtShape(target.shape)}`);
  return { logits: input, labels: target, unbatched: false };
}

function checkWeight(weight: Tensor | null, C: number): void {
  if (weight === null) return;
  check(weight.shape.length === 1 && weight.shape[0] === C, () =>
    `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`,
  );
}

/** Class ids (as integers of any dtype) must be in [0, C) or equal ignore_index; checked where they can be read now. */
function checkTargets(labels: Tensor, C: number, ignore: number): void {
  if (labels.device.type !== 'cpu') return;
  for (const v of labels.tolist1d()) {
    check(v === ignore || (Number.isInteger(v) && v >= 0 && v < C), () =>
      `Target ${v} is out of bounds. Classes are 0..${C - 1}; ignore_index is ${ignore}.`,
    );
  }
}

/**
 * The per-position negative log-likelihood `-w[y] * logp[y]` (0 where y is ignored), and the
 * per-position weight that PyTorch's mean divides by (0 where ignored).
 */
function pickTargets(logp: Tensor, labels: Tensor, weight: Tensor | null, ignore: number): { loss: Tensor; weights: Tensor; valid: Tensor } {
  const C = logp.shape[1]!;
  checkWeight(weight, C);
  checkTargets(labels, C, ignore);
  const valid = oneMinus(labels.eq(ignore));
  // Ignored positions read class 0 (always a valid index) and are then dropped by selection.
  const safe = keep_where(labels, valid);
  const picked = gather(logp, 1, safe.unsqueeze(1)).squeeze(1).neg();
  if (weight === null) return { loss: keep_where(picked, valid), weights: valid, valid };
  const w = index_select(weight, 0, safe.reshape([-1])).reshape(labels.shape);
  return { loss: keep_where(picked.mul(w), valid), weights: keep_where(w, valid), valid };
}

function nllReduced(logp: Tensor, labels: Tensor, weight: Tensor | null, ignore: number, reduction: Reduction, unbatched: boolean): Tensor {
  const { loss, weights } = pickTargets(logp, labels, weight, ignore);
  if (reduction === 'none') return unbatched ? loss.reshape([]) : loss;
  if (reduction === 'sum') return loss.sum();
  return loss.sum().div(weights.sum());
}

/**
 * Negative log-likelihood of class indices under log-probabilities `input` ((C), (N, C) or
 * (N, C, d1, ...)). With `weight`, each position counts `weight[target]` times and the mean
 * divides by the sum of those weights; positions whose target is `ignore_index` count for
 * nothing (a mean over only ignored positions is NaN, 0/0, as in PyTorch).
 *
 * @example
 * const logp = torch.nn.functional.log_softmax(logits, 1);
 * torch.nn.functional.nll_loss(logp, target, { ignore_index: 0 }); // padding id 0 skipped, even in the mean's count
 */
export function nll_loss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const o = parseOptions('nll_loss', NLL_DEFAULTS, options);
  const { logits, labels, unbatched } = batched(input, target, 'nll_loss');
  return nllReduced(logits, labels, o.weight, o.ignore_index, checkReduction(o.reduction), unbatched);
}

/**
 * Cross entropy between logits `input` ((C), (N, C) or (N, C, d1, ...)) and either class indices
 * ((), (N) or (N, d1, ...)) or class probabilities shaped like `input`. `log_softmax` then
 * `nll_loss`, with PyTorch's options: `weight` (the mean divides by the summed weights of the
 * counted positions), `ignore_index` (not allowed with probabilities), `label_smoothing` (each
 * target mixed with the uniform distribution) and `reduction`.
 *
 * @example
 * const loss = torch.nn.functional.cross_entropy(logits, torch.tensor([2, 0, 0], { dtype: 'int64' }), { ignore_index: 0 });
 * // only the first position counts: the mean divides by 1, not 3
 */
export function cross_entropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const o = parseOptions('cross_entropy', { ...NLL_DEFAULTS, label_smoothing: 0 }, options);
  const reduction = checkReduction(o.reduction);
  const smoothing = o.label_smoothing;
  check(smoothing >= 0 && smoothing <= 1, () => `label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  const classDim = input.shape.length === 1 ? 0 : 1;
  if (shapesEqual(input.shape, target.shape) && input.shape.length > 0) {
    return crossEntropyProbabilities(input, target, o.weight, reduction, smoothing, classDim, o.ignore_index);
  }
  const { logits, labels, unbatched } = batched(input, target, 'cross_entropy');
  const logp = log_softmax(logits, 1);
  const C = logits.shape[1]!;
  if (smoothing === 0) return nllReduced(logp, labels, o.weight, o.ignore_index, reduction, unbatched);
  const { loss, weights, valid } = pickTargets(logp, labels, o.weight, o.ignore_index);
  const classShape = logp.shape.map((n, i) => (i === 1 ? n : 1));
  const spread = o.weight === null ? logp : logp.mul(o.weight.reshape(classShape));
  const smooth = keep_where(spread.sum(1).neg(), valid);
  const mix = (nll: Tensor, uniform: Tensor): Tensor => nll.mul(1 - smoothing).add(uniform.mul(smoothing / C));
  if (reduction === 'none') return unbatched ? mix(loss, smooth).reshape([]) : mix(loss, smooth);
  if (reduction === 'sum') return mix(loss.sum(), smooth.sum());
  const total = weights.sum();
  return mix(loss.sum().div(total), smooth.sum().div(total));
}

/** Soft targets: `-sum_c w_c p_c log q_c` per position; the mean divides by the position count. */
function crossEntropyProbabilities(
  input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, smoothing: number, classDim: number, ignore: number,
): Tensor {
  check(target.dtype === 'float32', () => `Expected floating point type for target with class probabilities, got ${target.dtype === 'int64' ? 'Long' : 'Bool'}`);
  check(ignore < 0, () => 'ignore_index is not supported for floating point target');
  const C = input.shape[classDim]!;
  checkWeight(weight, C);
  const logp = log_softmax(input, classDim);
  const p = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / C) : target;
  const classShape = input.shape.map((n, i) => (i === classDim ? n : 1));
  const terms = weight === null ? logp.mul(p) : logp.mul(p).mul(weight.reshape(classShape));
  if (reduction === 'none') return terms.sum(classDim).neg();
  if (reduction === 'sum') return terms.sum().neg();
  return terms.sum().neg().div(input.numel() / C);
}

export interface BCEWithLogitsOptions {
  /** A rescaling weight broadcast over the loss (default none). */
  weight?: Tensor | null;
  /** Weight of the positive term per class, broadcast along the last dim (default none). */
  pos_weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * Binary cross entropy on logits, `-[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]`, computed
 * stably as `(1 - t) x - lw * logsigmoid(x)` with `lw = 1 + (pos_weight - 1) t`, as PyTorch does.
 * `target` has `input`'s shape and may hold probabilities.
 *
 * @example
 * torch.nn.functional.binary_cross_entropy_with_logits(x, t, { pos_weight: torch.tensor([3]) });
 * // a missed positive costs 3 times a false positive
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, options: BCEWithLogitsOptions = {}): Tensor {
  const o = parseOptions('binary_cross_entropy_with_logits', { weight: null as Tensor | null, pos_weight: null as Tensor | null, reduction: 'mean' as Reduction }, options);
  const reduction = checkReduction(o.reduction);
  check(shapesEqual(input.shape, target.shape), () =>
    `Target size (torch.Size([${target.shape.join(', ')}])) must be the same as input size (torch.Size([${input.shape.join(', ')}]))`,
  );
  let logSig = logsigmoid(input);
  if (o.pos_weight !== null) logSig = logSig.mul(o.pos_weight.sub(1).mul(target).add(1));
  let loss = oneMinus(target).mul(input).sub(logSig);
  if (o.weight !== null) loss = loss.mul(o.weight);
  return reduce(loss, reduction);
}

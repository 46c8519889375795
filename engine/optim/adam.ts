/** Adam and AdamW with PyTorch's update order (bias corrections, eps outside the sqrt) and options. */
import type { Parameter } from '../nn/parameter.ts';
import { parseOptions } from '../options.ts';
import { zeros_like } from '../tensor/creation.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { buffer, checkHyper, Optimizer, type GroupSpec, type ParamState } from './optimizer.ts';

export type AdamOptions = {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  /** Ascend instead of descend: the gradient's sign is flipped first. */
  maximize: boolean;
};

function adamOptions(name: string, options: Partial<AdamOptions>, weight_decay: number): AdamOptions {
  const o = parseOptions(name, { lr: 1e-3, betas: [0.9, 0.999] as readonly [number, number], eps: 1e-8, weight_decay, amsgrad: false, maximize: false }, options);
  checkHyper(o.lr >= 0, 'learning rate', o.lr);
  checkHyper(o.eps >= 0, 'epsilon value', o.eps);
  checkHyper(o.betas[0] >= 0 && o.betas[0] < 1, 'beta parameter at index 0', o.betas[0]);
  checkHyper(o.betas[1] >= 0 && o.betas[1] < 1, 'beta parameter at index 1', o.betas[1]);
  checkHyper(o.weight_decay >= 0, 'weight_decay value', o.weight_decay);
  return o;
}

/** The shared Adam moment update; `grad` already includes any L2 term. */
function adamStep(p: Parameter, grad: Tensor, state: ParamState, o: AdamOptions): void {
  const [b1, b2] = o.betas;
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  const m = buffer(state, 'exp_avg', () => zeros_like(p));
  const v = buffer(state, 'exp_avg_sq', () => zeros_like(p));
  m.mul_(b1).add_(grad, 1 - b1);
  v.mul_(b2).add_(grad.mul(grad), 1 - b2);
  const bias1 = 1 - b1 ** step;
  const bias2Sqrt = Math.sqrt(1 - b2 ** step);
  let second = v;
  if (o.amsgrad) {
    const vmax = buffer(state, 'max_exp_avg_sq', () => zeros_like(p));
    vmax.copy_(vmax.maximum(v));
    second = vmax;
  }
  const denom = second.sqrt().div(bias2Sqrt).add(o.eps);
  p.add_(m.div(denom), -o.lr / bias1);
}

export class Adam extends Optimizer<AdamOptions> {
  /**
   * @example
   * const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3, maximize: true }); // gradient ascent
   */
  constructor(params: Iterable<Parameter> | readonly GroupSpec<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, adamOptions('Adam', options, 0));
  }

  protected update(p: Parameter, rawGrad: Tensor, state: ParamState, o: AdamOptions): void {
    const grad = o.maximize ? rawGrad.neg() : rawGrad;
    adamStep(p, o.weight_decay !== 0 ? grad.add(p, o.weight_decay) : grad, state, o);
  }
}

export class AdamW extends Optimizer<AdamOptions> {
  /**
   * Adam with decoupled weight decay (default 1e-2): parameters shrink by lr * weight_decay first.
   *
   * @example
   * const opt = new torch.optim.AdamW(model.parameters(), { lr: 1e-3, weight_decay: 0.01 }); // each step first scales every weight by 1 - 1e-5, apart from the gradient
   */
  constructor(params: Iterable<Parameter> | readonly GroupSpec<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, adamOptions('AdamW', options, 1e-2));
  }

  protected update(p: Parameter, rawGrad: Tensor, state: ParamState, o: AdamOptions): void {
    const grad = o.maximize ? rawGrad.neg() : rawGrad;
    if (o.weight_decay !== 0) p.mul_(1 - o.lr * o.weight_decay);
    adamStep(p, grad, state, o);
  }
}

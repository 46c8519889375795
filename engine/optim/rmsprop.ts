/** RMSprop with PyTorch's options: smoothing alpha, momentum, centered variance. */
import type { Parameter } from '../nn/parameter.ts';
import { zeros_like } from '../tensor/creation.ts';
import { parseOptions } from '../options.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { buffer, checkHyper, Optimizer, type GroupSpec, type ParamState } from './optimizer.ts';

export type RMSpropOptions = {
  lr: number;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
  /** Ascend instead of descend: the gradient's sign is flipped first. */
  maximize: boolean;
};

export class RMSprop extends Optimizer<RMSpropOptions> {
  /**
   * @example
   * const opt = new torch.optim.RMSprop(model.parameters(), { lr: 0.01, alpha: 0.9 }); // the mean of g^2 forgets faster than the default 0.99
   */
  constructor(params: Iterable<Parameter> | readonly GroupSpec<RMSpropOptions>[], options: Partial<RMSpropOptions> = {}) {
    const o = parseOptions('RMSprop', { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false }, options);
    checkHyper(o.lr >= 0, 'learning rate', o.lr);
    checkHyper(o.eps >= 0, 'epsilon value', o.eps);
    checkHyper(o.momentum >= 0, 'momentum value', o.momentum);
    checkHyper(o.weight_decay >= 0, 'weight_decay value', o.weight_decay);
    checkHyper(o.alpha >= 0, 'alpha value', o.alpha);
    super(params, o);
  }

  protected update(p: Parameter, rawGrad: Tensor, state: ParamState, o: RMSpropOptions): void {
    const signed = o.maximize ? rawGrad.neg() : rawGrad;
    const grad = o.weight_decay !== 0 ? signed.add(p, o.weight_decay) : signed;
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const sq = buffer(state, 'square_avg', () => zeros_like(p));
    sq.mul_(o.alpha).add_(grad.mul(grad), 1 - o.alpha);
    let avg: Tensor;
    if (o.centered) {
      const ga = buffer(state, 'grad_avg', () => zeros_like(p));
      ga.mul_(o.alpha).add_(grad, 1 - o.alpha);
      avg = sq.sub(ga.mul(ga)).sqrt().add(o.eps);
    } else {
      avg = sq.sqrt().add(o.eps);
    }
    if (o.momentum > 0) {
      const buf = buffer(state, 'momentum_buffer', () => zeros_like(p));
      buf.mul_(o.momentum).add_(grad.div(avg));
      p.add_(buf, -o.lr);
    } else {
      p.add_(grad.div(avg), -o.lr);
    }
  }
}

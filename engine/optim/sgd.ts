/** Stochastic gradient descent with momentum, dampening, Nesterov, weight decay and maximize (PyTorch 2.x's rule). */
import { check } from '../errors.ts';
import type { Parameter } from '../nn/parameter.ts';
import { parseOptions } from '../options.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkHyper, Optimizer, type GroupSpec, type ParamState } from './optimizer.ts';

export type SGDOptions = {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  /** Ascend instead of descend: the gradient's sign is flipped first. */
  maximize: boolean;
};

export class SGD extends Optimizer<SGDOptions> {
  /**
   * `lr` defaults to 1e-3, as in PyTorch 2.x.
   *
   * @example
   * const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
   * opt.zero_grad(); loss.backward(); opt.step();
   */
  constructor(params: Iterable<Parameter> | readonly GroupSpec<SGDOptions>[], options: Partial<SGDOptions> = {}) {
    const o = parseOptions('SGD', { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false }, options);
    checkHyper(o.lr >= 0, 'learning rate', o.lr);
    checkHyper(o.momentum >= 0, 'momentum value', o.momentum);
    checkHyper(o.weight_decay >= 0, 'weight_decay value', o.weight_decay);
    check(!o.nesterov || (o.momentum > 0 && o.dampening === 0), () => 'Nesterov momentum requires a momentum and zero dampening');
    super(params, o);
  }

  protected update(p: Parameter, rawGrad: Tensor, state: ParamState, o: SGDOptions): void {
    const grad = o.maximize ? rawGrad.neg() : rawGrad;
    let d = o.weight_decay !== 0 ? grad.add(p, o.weight_decay) : grad;
    if (o.momentum !== 0) {
      const prev = state.momentum_buffer;
      const buf = prev === undefined ? d.clone() : (prev as Tensor).mul_(o.momentum).add_(d, 1 - o.dampening);
      state.momentum_buffer = buf;
      d = o.nesterov ? d.add(buf, o.momentum) : buf;
    }
    p.add_(d, -o.lr);
  }
}

/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (PyTorch's rule). */
import type { Parameter } from '../nn/parameter.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkHyper, Optimizer, type GroupSpec, type Hyper, type ParamState } from './optimizer.ts';
import { check } from '../errors.ts';

export type SGDOptions = {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
};

export class SGD extends Optimizer {
  /**
   * @example
   * const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
   * opt.zero_grad(); loss.backward(); opt.step();
   */
  constructor(params: Iterable<Parameter> | readonly GroupSpec[], options: Partial<SGDOptions> & { lr: number }) {
    const o: SGDOptions = { momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, ...options };
    checkHyper(o.lr >= 0, 'learning rate', o.lr);
    checkHyper(o.momentum >= 0, 'momentum value', o.momentum);
    checkHyper(o.weight_decay >= 0, 'weight_decay value', o.weight_decay);
    check(!o.nesterov || (o.momentum > 0 && o.dampening === 0), () => 'Nesterov momentum requires a momentum and zero dampening');
    super(params, o);
  }

  protected update(p: Parameter, grad: Tensor, state: ParamState, options: Hyper): void {
    const o = options as SGDOptions;
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

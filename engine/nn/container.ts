/** torch.nn.Sequential: modules run one after another. */
import { check } from '../errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

/** A module that maps one value to the next (what Sequential chains). */
type Step = Module & { forward(input: never): unknown };

export class Sequential extends Module {
  [index: number]: Module;

  /**
   * Registers the modules as children named '0', '1', ... (so parameters are `0.weight`, as in
   * PyTorch), and `forward` feeds each one's output to the next.
   *
   * @example
   * const mlp = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.Linear(8, 2));
   * Object.keys(mlp.state_dict()); // ['0.weight', '0.bias', '1.weight', '1.bias']
   */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      check(m instanceof Module, () => `Sequential: argument ${i} is not a Module`);
      this[i] = m;
    });
  }

  /**
   * The number of modules (`len(seq)` in PyTorch).
   *
   * @example
   * new torch.nn.Sequential(a, b).append(c).length; // 3
   */
  get length(): number {
    return [...this.children()].length;
  }

  /**
   * Appends a module at the end.
   *
   * @example
   * mlp.append(new torch.nn.Dropout(0.1));
   */
  append(module: Module): this {
    this[this.length] = module;
    return this;
  }

  *[Symbol.iterator](): Generator<Module> {
    yield* this.children();
  }

  /** Feeds `input` through each module in order; each must map one tensor to the next. */
  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this.children()) x = (m as Step).forward(x as never);
    check(x instanceof Tensor, () => `Sequential: a module returned ${Array.isArray(x) ? 'a list' : typeof x}, not a Tensor`);
    return x;
  }
}

/**
 * The optimizer base: PyTorch's `param_groups` (a list of plain dicts, each holding its `params`
 * and every option, read afresh at every step, so `optimizer.param_groups[0].lr = 1e-3` or a
 * scheduler takes effect on the next step), per-parameter state, and a state_dict that saves and
 * restores a run exactly (values are copied, never shared).
 */
import { enable_grad, no_grad } from '../autograd/grad_mode.ts';
import { check, TorchError } from '../errors.ts';
import type { Parameter } from '../nn/parameter.ts';
import { isKeywords } from '../options.ts';
import type { DeviceLike } from '../tensor/device.ts';
import { Tensor } from '../tensor/tensor.ts';

/** An optimizer option's value: a number, a flag, a pair (Adam's betas), a name or null. */
export type HyperValue = number | boolean | string | readonly number[] | null;
export type Hyper = Record<string, HyperValue>;

/**
 * One parameter group, as in PyTorch: its parameters and its options (the optimizer's defaults
 * plus the group's own), plus any extra keys the user or a scheduler (`initial_lr`) stores.
 */
export type ParamGroup<O extends object = Hyper> = O & { params: Parameter[]; [key: string]: unknown };

/** Per-parameter state: buffers (tensors) and counters (numbers). */
export type ParamState = Record<string, Tensor | number>;

export interface OptimizerStateDict {
  /** State per parameter, keyed by its index across all groups. */
  state: Record<number, ParamState>;
  /** Each group's options (and extra keys) and the indices of its parameters, last. */
  param_groups: ({ params: number[] } & Record<string, unknown>)[];
}

/** A group given by the user, as in PyTorch: `{ params, lr: 0.1 }` overrides the defaults. */
export type GroupSpec<O extends object = Hyper> = { params: Iterable<Parameter> | Parameter } & Partial<O> & Record<string, unknown>;

function copyState(state: ParamState): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(state)) out[k] = v instanceof Tensor ? no_grad(() => v.clone()) : v;
  return out;
}

/** A copy of an option value, so a saved state_dict never shares an array with a live group. */
const copyValue = (v: unknown): unknown => (Array.isArray(v) ? [...(v as unknown[])] : v);

export abstract class Optimizer<O extends object = Hyper> {
  /** The options every group starts from (the constructor's). */
  readonly defaults: O;
  /** The groups, in order: plain dicts whose options are read at every step. */
  readonly param_groups: ParamGroup<O>[] = [];
  readonly state = new Map<Parameter, ParamState>();

  constructor(params: Iterable<Parameter> | readonly GroupSpec<O>[], defaults: O) {
    check(!(params instanceof Tensor), () =>
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor',
    );
    this.defaults = defaults;
    const list: unknown[] = [...(params as Iterable<unknown>)];
    check(list.length > 0, () => 'optimizer got an empty parameter list');
    const specs = list.every((p) => p instanceof Tensor) ? [{ params: list as Parameter[] }] : (list as GroupSpec<O>[]);
    for (const spec of specs) this.add_param_group(spec as GroupSpec<O>);
  }

  /**
   * Adds a group of parameters (to train a layer added later, or with its own options); options
   * it does not give come from the optimizer's defaults. A parameter may be in one group only.
   *
   * @example
   * optimizer.add_param_group({ params: head.parameters(), lr: 0.01 }); // the head learns 10x faster
   */
  add_param_group(group: GroupSpec<O>): void {
    check(isKeywords(group), () => 'param_group must be a dict');
    const raw = group.params;
    check(!(raw instanceof Set), () =>
      'optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.',
    );
    const params = raw instanceof Tensor ? [raw as Parameter] : [...raw];
    for (const p of params) {
      check(p instanceof Tensor, () => `optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      check(p.is_leaf || p.retains_grad, () => "can't optimize a non-leaf Tensor");
    }
    const taken = new Set(this.param_groups.flatMap((g) => g.params));
    check(params.every((p) => !taken.has(p)), () => 'some parameters appear in more than one parameter group');
    const filled: Record<string, unknown> = { ...group, params };
    for (const [name, value] of Object.entries(this.defaults)) {
      if (filled[name] === undefined) filled[name] = copyValue(value);
    }
    this.param_groups.push(filled as ParamGroup<O>);
  }

  /**
   * Clears gradients: to null by default (PyTorch 2.x's `set_to_none=True`), else to zeros in place.
   *
   * @example
   * optimizer.zero_grad(false); // each .grad stays the same tensor, now zeros
   */
  zero_grad(set_to_none = true): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (set_to_none || p.grad === null) p.grad = null;
        else p.grad.zero_();
      }
    }
  }

  /**
   * One update of every parameter that has a gradient, with each group's options as they are
   * now. A `closure` (which recomputes the loss and calls backward) runs first, with gradients
   * on; its loss is returned.
   *
   * @example
   * optimizer.param_groups[0].lr = 1e-3; // read by this step
   * optimizer.step();
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enable_grad(closure);
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          this.update(p, p.grad, state, group);
        }
      }
    });
    return loss;
  }

  /**
   * Moves every state buffer (momentum, Adam moments) to `device`, to follow a model moved with
   * `module.to_async(device)` or `module.to(device)`; a step with buffers on another device than
   * their parameter fails. Asynchronous because leaving the GPU is.
   *
   * @example
   * await model.to_async('cpu');
   * await optimizer.to_async('cpu');
   */
  async to_async(target: DeviceLike): Promise<this> {
    const moves: Promise<void>[] = [];
    for (const state of this.state.values()) {
      for (const [name, value] of Object.entries(state)) {
        if (value instanceof Tensor) moves.push(value.to_async(target).then((moved) => void (state[name] = moved)));
      }
    }
    await Promise.all(moves);
    return this;
  }

  /** The rule: update `p` in place from its gradient, reading and writing its state. */
  protected abstract update(p: Parameter, grad: Tensor, state: ParamState, group: O): void;

  private allParams(): Parameter[] {
    return this.param_groups.flatMap((g) => g.params);
  }

  /**
   * A copy of the optimizer's state, restorable with `load_state_dict`: per-parameter state by
   * index, and each group's options (including extra keys such as a scheduler's `initial_lr`).
   *
   * @example
   * optimizer.state_dict().param_groups[0]; // { lr: 0.01, momentum: 0, ..., params: [0, 1, 2, 3] }
   */
  state_dict(): OptimizerStateDict {
    const params = this.allParams();
    const state: Record<number, ParamState> = {};
    params.forEach((p, i) => {
      const s = this.state.get(p);
      if (s !== undefined) state[i] = copyState(s);
    });
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = copyValue(v);
      return { ...packed, params: g.params.map(() => next++) };
    });
    return { state, param_groups };
  }

  /**
   * Restores a `state_dict`: buffers are copied in, and each group's options become exactly the
   * saved ones (as PyTorch does), keeping this optimizer's parameters.
   *
   * @example
   * const resumed = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
   * resumed.load_state_dict(saved); // lr is now the saved one, even if it was changed by hand
   */
  load_state_dict(dict: OptimizerStateDict): void {
    check(dict.param_groups.length === this.param_groups.length, () =>
      `loaded state dict has a different number of parameter groups (${dict.param_groups.length} vs ${this.param_groups.length})`,
    );
    dict.param_groups.forEach((g, i) =>
      check(g.params.length === this.param_groups[i]!.params.length, () =>
        `loaded state dict contains a parameter group that doesn't match the size of optimizer's group (${g.params.length} vs ${this.param_groups[i]!.params.length})`,
      ),
    );
    const params = this.allParams();
    this.state.clear();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = params[Number(key)];
      if (p === undefined) throw new TorchError(`loaded state dict has state for parameter ${key}, which this optimizer does not have`);
      this.state.set(p, copyState(s));
    }
    dict.param_groups.forEach((g, i) => {
      const restored: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') restored[k] = copyValue(v);
      restored.params = this.param_groups[i]!.params;
      this.param_groups[i] = restored as ParamGroup<O>;
    });
  }
}

/** The stored buffer `name`, created from `init()` on the first step. */
export function buffer(state: ParamState, name: string, init: () => Tensor): Tensor {
  const existing = state[name];
  if (existing instanceof Tensor) return existing;
  const created = init();
  state[name] = created;
  return created;
}

/** Checks a hyper-parameter with PyTorch's wording ("Invalid learning rate: -1"). */
export function checkHyper(ok: boolean, what: string, value: unknown): void {
  check(ok, () => `Invalid ${what}: ${String(value)}`);
}

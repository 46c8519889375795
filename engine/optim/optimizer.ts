/**
 * The optimizer base: parameter groups with their hyper-parameters, per-parameter state, and a
 * state_dict that saves and restores a run exactly (values are copied, never shared).
 */
import { no_grad } from '../autograd/grad_mode.ts';
import { check } from '../errors.ts';
import type { Parameter } from '../nn/parameter.ts';
import type { DeviceLike } from '../tensor/device.ts';
import { Tensor } from '../tensor/tensor.ts';

export type Hyper = Record<string, number | boolean | readonly number[]>;

export interface ParamGroup {
  params: Parameter[];
  /** This group's hyper-parameters (the optimizer's defaults plus the group's overrides). */
  options: Hyper;
}

/** Per-parameter state: buffers (tensors) and counters (numbers). */
export type ParamState = Record<string, Tensor | number>;

export interface OptimizerStateDict {
  /** State per parameter, keyed by its index across all groups. */
  state: Record<number, ParamState>;
  /** Each group's hyper-parameters and the indices of its parameters. */
  param_groups: (Hyper & { params: number[] })[];
}

/** A group given by the user, as in PyTorch: `{ params, lr: 0.1 }` overrides the defaults. */
export type GroupSpec = { params: Iterable<Parameter> } & Partial<Hyper>;

function copyState(state: ParamState): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(state)) out[k] = v instanceof Tensor ? no_grad(() => v.clone()) : v;
  return out;
}

export abstract class Optimizer {
  readonly param_groups: ParamGroup[];
  readonly state = new Map<Parameter, ParamState>();

  constructor(params: Iterable<Parameter> | readonly GroupSpec[], defaults: Hyper) {
    const list: (Parameter | GroupSpec)[] = [...params];
    check(list.length > 0, () => 'optimizer got an empty parameter list');
    const specs = list.every((p): p is Parameter => p instanceof Tensor) ? [{ params: list }] : (list as GroupSpec[]);
    this.param_groups = specs.map(({ params: ps, ...overrides }) => {
      const options: Hyper = { ...defaults };
      for (const [k, v] of Object.entries(overrides)) if (v !== undefined) options[k] = v;
      return { params: [...ps], options };
    });
  }

  /** Clears gradients (to null, PyTorch's default `set_to_none=True`). */
  zero_grad(set_to_none = true): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (set_to_none || p.grad === null) p.grad = null;
        else p.grad.zero_();
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          this.update(p, p.grad, state, group.options);
        }
      }
    });
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
  protected abstract update(p: Parameter, grad: Tensor, state: ParamState, options: Hyper): void;

  private allParams(): Parameter[] {
    return this.param_groups.flatMap((g) => g.params);
  }

  /** A copy of the optimizer's state, restorable with `load_state_dict`. */
  state_dict(): OptimizerStateDict {
    const params = this.allParams();
    const state: Record<number, ParamState> = {};
    params.forEach((p, i) => {
      const s = this.state.get(p);
      if (s !== undefined) state[i] = copyState(s);
    });
    let next = 0;
    const param_groups = this.param_groups.map((g) => ({ ...g.options, params: g.params.map(() => next++) }));
    return { state, param_groups };
  }

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
      if (p !== undefined) this.state.set(p, copyState(s));
    }
    dict.param_groups.forEach((g, i) => {
      const { params: _indices, ...options } = g;
      this.param_groups[i]!.options = { ...this.param_groups[i]!.options, ...options };
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

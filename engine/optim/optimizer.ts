/**
 * The optimizer base: parameter groups with their hyper-parameters, per-parameter state, and a
 * state_dict that saves and restores a run exactly (values are copied, never shared).
 */
import { no_grad } from '../autograd/grad_mode.ts';
import { check } from '../errors.ts';
import type { Parameter } from '../nn/parameter.ts';
import { Tensor } from '../tensor/tensor.ts';

export type Hyper = Record<string, number | boolean | readonly number[]>;

export interface ParamGroup<H extends Hyper> {
  params: Parameter[];
  options: H;
}

/** Per-parameter state: buffers (tensors) and counters (numbers). */
export type ParamState = Record<string, Tensor | number>;

export interface OptimizerStateDict<H extends Hyper> {
  /** State per parameter, keyed by its index across all groups. */
  state: Record<number, ParamState>;
  /** Each group's hyper-parameters and the indices of its parameters. */
  param_groups: (H & { params: number[] })[];
}

/** A group given by the user: its params and optional overrides of the defaults. */
export type GroupSpec<H extends Hyper> = { params: Iterable<Parameter> } & Partial<H>;

function copyState(state: ParamState): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(state)) out[k] = v instanceof Tensor ? no_grad(() => v.clone()) : v;
  return out;
}

export abstract class Optimizer<H extends Hyper> {
  readonly param_groups: ParamGroup<H>[];
  readonly state = new Map<Parameter, ParamState>();

  constructor(params: Iterable<Parameter> | readonly GroupSpec<H>[], defaults: H) {
    const list = [...(params as Iterable<Parameter | GroupSpec<H>>)];
    check(list.length > 0, () => 'optimizer got an empty parameter list');
    const specs: GroupSpec<H>[] = list[0] instanceof Tensor ? [{ params: list as Parameter[] } as GroupSpec<H>] : (list as GroupSpec<H>[]);
    this.param_groups = specs.map(({ params: ps, ...overrides }) => ({
      params: [...ps],
      options: { ...defaults, ...(overrides as Partial<H>) },
    }));
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

  /** The rule: update `p` in place from its gradient, reading and writing its state. */
  protected abstract update(p: Parameter, grad: Tensor, state: ParamState, options: H): void;

  private allParams(): Parameter[] {
    return this.param_groups.flatMap((g) => g.params);
  }

  /** A copy of the optimizer's state, restorable with `load_state_dict`. */
  state_dict(): OptimizerStateDict<H> {
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

  load_state_dict(dict: OptimizerStateDict<H>): void {
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
      this.param_groups[i]!.options = { ...this.param_groups[i]!.options, ...(options as unknown as H) };
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

/**
 * torch.optim.lr_scheduler: learning-rate schedules that write `lr` into the optimizer's
 * `param_groups` (which every step reads), with PyTorch 2.x's chainable formulas computed in the
 * same order, so the lr sequence is PyTorch's to the last bit (cosine: to an ulp, as V8's and
 * glibc's cos differ there).
 */
import { check, TorchError } from '../errors.ts';
import { bindArgs } from '../options.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Optimizer } from './optimizer.ts';

/** What a scheduler needs of an optimizer: its groups, each with an `lr`. */
export interface SchedulableOptimizer {
  param_groups: { lr: number; [key: string]: unknown }[];
}

/** A scheduler's state: plain values (the optimizer itself is never included). */
export type SchedulerState = Record<string, unknown>;

const copy = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(copy) : v !== null && typeof v === 'object' && !(v instanceof Tensor) ? { ...v } : v;

/** Every field of a scheduler except its optimizer, copied (PyTorch's `state_dict`). */
function savedFields(scheduler: object): SchedulerState {
  const out: SchedulerState = {};
  for (const [k, v] of Object.entries(scheduler)) if (k !== 'optimizer') out[k] = copy(v);
  return out;
}

/** Writes saved fields back; a key the scheduler does not have is an error, not a new field. */
function restoreFields(scheduler: object, state: SchedulerState): void {
  const target = scheduler as Record<string, unknown>;
  for (const [k, v] of Object.entries(state)) {
    check(k in scheduler && k !== 'optimizer', () => `${scheduler.constructor.name}.load_state_dict: unknown key '${k}'`);
    target[k] = copy(v);
  }
}

/** A required argument, with Python's message when it is missing. */
function required<V>(cls: string, name: string, value: V | null): V {
  check(value !== null, () => `${cls}.__init__() missing 1 required positional argument: '${name}'`);
  return value;
}

/** Reads an optimizer and checks it is one, in PyTorch's words. */
function optimizerOf(optimizer: SchedulableOptimizer): SchedulableOptimizer {
  check(optimizer instanceof Optimizer, () => `${(optimizer as object)?.constructor?.name ?? typeof optimizer} is not an Optimizer`);
  return optimizer;
}

/** The base of the epoch-driven schedulers (PyTorch's `LRScheduler`). */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** Each group's `initial_lr`. */
  base_lrs: number[];
  /** Steps taken (-1 before the constructor's initial step). */
  last_epoch: number;
  protected _step_count = 0;
  protected _last_lr: number[] = [];
  /** True during the constructor's initial step (some formulas keep the lr then). */
  protected _is_initial = false;

  constructor(optimizer: SchedulableOptimizer, last_epoch = -1) {
    this.optimizer = optimizerOf(optimizer);
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (group.initial_lr === undefined) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) =>
        check(group.initial_lr !== undefined, () => `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`),
      );
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
  }

  /** The constructor's step; subclasses call it last in their constructors, once their fields are set. */
  protected initialStep(): void {
    this._step_count = 0;
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** The lr of each group from the current one (the chainable form). */
  protected abstract get_lr(): number[];

  /** The lr of each group from `base_lrs` and `last_epoch` alone, for `step(epoch)`. */
  protected abstract closedFormLr(): number[];

  /**
   * The lr of each group as the last step set it.
   *
   * @example
   * scheduler.step();
   * scheduler.get_last_lr(); // [0.05]: what optimizer.param_groups[0].lr now holds
   */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  /**
   * Advances one epoch and writes each group's new lr; call it after `optimizer.step()`. Passing
   * `epoch` (deprecated in PyTorch) jumps there with the closed form.
   *
   * @example
   * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(); }
   */
  step(epoch?: number): void {
    this._step_count += 1;
    let values: number[];
    if (epoch === undefined) {
      this.last_epoch += 1;
      values = this.get_lr();
    } else {
      this.last_epoch = epoch;
      values = this.closedFormLr();
    }
    this.optimizer.param_groups.forEach((group, i) => (group.lr = values[i]!));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /**
   * Every field except the optimizer, copied: restore it with `load_state_dict`.
   *
   * @example
   * const saved = { model: model.state_dict(), optimizer: opt.state_dict(), scheduler: scheduler.state_dict() };
   */
  state_dict(): SchedulerState {
    return savedFields(this);
  }

  /**
   * Restores the fields saved by `state_dict` (the optimizer's own state is restored separately).
   *
   * @example
   * optimizer.load_state_dict(saved.optimizer);
   * scheduler.load_state_dict(saved.scheduler); // the next step() continues the schedule where it stopped
   */
  load_state_dict(state: SchedulerState): void {
    restoreFields(this, state);
  }

  protected groups(): SchedulableOptimizer['param_groups'] {
    return this.optimizer.param_groups;
  }
}

type Lambda = (epoch: number) => number;

/**
 * lr = initial lr times `lr_lambda(epoch)` (one function, or one per group).
 *
 * @example
 * new torch.optim.lr_scheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch); // lr = initial lr * 0.95^epoch: a factor of the initial lr, not of the last
 */
export class LambdaLR extends LRScheduler {
  private readonly lr_lambdas: Lambda[];

  constructor(optimizer: SchedulableOptimizer, ...args: [lr_lambda?: Lambda | Lambda[], last_epoch?: number] | [options: { lr_lambda?: Lambda | Lambda[]; last_epoch?: number }]) {
    const o = bindArgs('LambdaLR', { lr_lambda: null as Lambda | Lambda[] | null, last_epoch: -1 }, args);
    super(optimizer, o.last_epoch);
    const n = optimizer.param_groups.length;
    const lr_lambda = required('LambdaLR', 'lr_lambda', o.lr_lambda);
    if (Array.isArray(lr_lambda)) {
      check(lr_lambda.length === n, () => `Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
      this.lr_lambdas = [...lr_lambda];
    } else {
      this.lr_lambdas = Array.from({ length: n }, () => lr_lambda as Lambda);
    }
    this.initialStep();
  }

  protected get_lr(): number[] {
    return this.base_lrs.map((base, i) => base * this.lr_lambdas[i]!(this.last_epoch));
  }

  protected closedFormLr(): number[] {
    return this.get_lr();
  }

  /** As PyTorch: the lambdas (functions) are not saved, only `lr_lambdas: [null, ...]`. */
  override state_dict(): SchedulerState {
    const { lr_lambdas: _fns, ...rest } = super.state_dict();
    return { ...rest, lr_lambdas: this.lr_lambdas.map(() => null) };
  }

  override load_state_dict(state: SchedulerState): void {
    const { lr_lambdas: _fns, ...rest } = state;
    super.load_state_dict(rest);
  }
}

/**
 * lr times `gamma` every `step_size` epochs.
 *
 * @example
 * new torch.optim.lr_scheduler.StepLR(opt, 30, 0.1); // 0.05 until epoch 30, 0.005 until 60, ...
 */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: [step_size?: number, gamma?: number, last_epoch?: number] | [options: { step_size?: number; gamma?: number; last_epoch?: number }]) {
    const o = bindArgs('StepLR', { step_size: null as number | null, gamma: 0.1, last_epoch: -1 }, args);
    super(optimizer, o.last_epoch);
    this.step_size = required('StepLR', 'step_size', o.step_size);
    this.gamma = o.gamma;
    this.initialStep();
  }

  protected get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.groups().map((g) => g.lr);
    return this.groups().map((g) => g.lr * this.gamma);
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

/**
 * lr times `gamma` at each milestone epoch (a milestone listed twice applies gamma twice).
 *
 * @example
 * new torch.optim.lr_scheduler.MultiStepLR(opt, [30, 80], 0.1); // lr0 until epoch 30, lr0 / 10 until 80, lr0 / 100 after
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch -> how many times it was listed. */
  milestones: Record<number, number>;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: [milestones?: readonly number[], gamma?: number, last_epoch?: number] | [options: { milestones?: readonly number[]; gamma?: number; last_epoch?: number }]) {
    const o = bindArgs('MultiStepLR', { milestones: null as readonly number[] | null, gamma: 0.1, last_epoch: -1 }, args);
    super(optimizer, o.last_epoch);
    this.milestones = {};
    for (const m of required('MultiStepLR', 'milestones', o.milestones)) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = o.gamma;
    this.initialStep();
  }

  protected get_lr(): number[] {
    const count = this.milestones[this.last_epoch];
    if (count === undefined) return this.groups().map((g) => g.lr);
    return this.groups().map((g) => g.lr * this.gamma ** count);
  }

  protected closedFormLr(): number[] {
    let passed = 0;
    for (const [m, count] of Object.entries(this.milestones)) if (Number(m) <= this.last_epoch) passed += count;
    return this.base_lrs.map((base) => base * this.gamma ** passed);
  }
}

/**
 * lr times `gamma` every epoch.
 *
 * @example
 * new torch.optim.lr_scheduler.ExponentialLR(opt, 0.95); // after 10 epochs: lr * 0.95^10 (as ten products)
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, ...args: [gamma?: number, last_epoch?: number] | [options: { gamma?: number; last_epoch?: number }]) {
    const o = bindArgs('ExponentialLR', { gamma: null as number | null, last_epoch: -1 }, args);
    super(optimizer, o.last_epoch);
    this.gamma = required('ExponentialLR', 'gamma', o.gamma);
    this.initialStep();
  }

  protected get_lr(): number[] {
    if (this._is_initial) return this.groups().map((g) => g.lr);
    return this.groups().map((g) => g.lr * this.gamma);
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** this.last_epoch);
  }
}

/**
 * Cosine annealing from the initial lr to `eta_min` over `T_max` epochs (and back up over the
 * next T_max, as PyTorch's recursive form does), without restarts.
 *
 * @example
 * new torch.optim.lr_scheduler.CosineAnnealingLR(opt, 100, 1e-5); // lr(t) = eta_min + (lr0 - eta_min)(1 + cos(pi t / 100)) / 2
 */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;

  constructor(optimizer: SchedulableOptimizer, ...args: [T_max?: number, eta_min?: number, last_epoch?: number] | [options: { T_max?: number; eta_min?: number; last_epoch?: number }]) {
    const o = bindArgs('CosineAnnealingLR', { T_max: null as number | null, eta_min: 0.0, last_epoch: -1 }, args);
    super(optimizer, o.last_epoch);
    this.T_max = required('CosineAnnealingLR', 'T_max', o.T_max);
    this.eta_min = o.eta_min;
    this.initialStep();
  }

  protected get_lr(): number[] {
    const { T_max, eta_min, last_epoch } = this;
    if (this._is_initial) return this.groups().map((g) => g.lr);
    if (this._step_count === 1 && last_epoch > 0) {
      return this.base_lrs.map((base) => eta_min + ((base - eta_min) * (1 + Math.cos((last_epoch * Math.PI) / T_max))) / 2);
    }
    if ((((last_epoch - 1 - T_max) % (2 * T_max)) + 2 * T_max) % (2 * T_max) === 0) {
      return this.groups().map((g, i) => g.lr + ((this.base_lrs[i]! - eta_min) * (1 - Math.cos(Math.PI / T_max))) / 2);
    }
    return this.groups().map(
      (g) => ((1 + Math.cos((Math.PI * last_epoch) / T_max)) / (1 + Math.cos((Math.PI * (last_epoch - 1)) / T_max))) * (g.lr - eta_min) + eta_min,
    );
  }

  protected closedFormLr(): number[] {
    const { T_max, eta_min, last_epoch } = this;
    return this.base_lrs.map((base) => eta_min + ((base - eta_min) * (1 + Math.cos((Math.PI * last_epoch) / T_max))) / 2);
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better; 'max': higher is better. */
  mode?: 'min' | 'max';
  /** new lr = lr * factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** How much better counts as better (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best; 'abs': absolute. */
  threshold_mode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, one for all groups or one per group (default 0). */
  min_lr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the lr by `factor` when a metric has not improved for `patience` epochs.
 *
 * @example
 * const scheduler = new torch.optim.lr_scheduler.ReduceLROnPlateau(opt, { patience: 2 });
 * scheduler.step(validationLoss); // a number (or a CPU scalar tensor)
 */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  threshold_mode: 'rel' | 'abs';
  cooldown: number;
  min_lrs: number[];
  default_min_lr: number | null;
  eps: number;
  last_epoch = 0;
  best: number;
  mode_worse: number;
  cooldown_counter = 0;
  num_bad_epochs = 0;
  private _last_lr: number[];

  constructor(
    optimizer: SchedulableOptimizer,
    ...args:
      | [mode?: 'min' | 'max', factor?: number, patience?: number, threshold?: number, threshold_mode?: 'rel' | 'abs', cooldown?: number, min_lr?: number | readonly number[], eps?: number]
      | [options: ReduceLROnPlateauOptions]
  ) {
    const o = bindArgs('ReduceLROnPlateau', {
      mode: 'min' as 'min' | 'max', factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: 'rel' as 'rel' | 'abs',
      cooldown: 0, min_lr: null as number | readonly number[] | null, eps: 1e-8,
    }, args);
    check(o.factor < 1.0, () => 'Factor should be < 1.0.');
    this.factor = o.factor;
    this.optimizer = optimizerOf(optimizer);
    const minLr = o.min_lr ?? 0;
    if (typeof minLr === 'number') {
      this.default_min_lr = minLr;
      this.min_lrs = optimizer.param_groups.map(() => minLr);
    } else {
      check(minLr.length === optimizer.param_groups.length, () =>
        `expected ${optimizer.param_groups.length} min_lrs, got ${minLr.length}`,
      );
      this.default_min_lr = null;
      this.min_lrs = [...minLr];
    }
    this.patience = o.patience;
    this.cooldown = o.cooldown;
    this.eps = o.eps;
    this._last_lr = optimizer.param_groups.map((g) => g.lr);
    check(o.mode === 'min' || o.mode === 'max', () => `mode ${String(o.mode)} is unknown!`);
    check(o.threshold_mode === 'rel' || o.threshold_mode === 'abs', () => `threshold mode ${String(o.threshold_mode)} is unknown!`);
    this.mode = o.mode;
    this.threshold = o.threshold;
    this.threshold_mode = o.threshold_mode;
    this.mode_worse = o.mode === 'min' ? Infinity : -Infinity;
    this.best = this.mode_worse;
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  /**
   * Records this epoch's metric and reduces the lr when it has not improved for longer than
   * `patience` epochs. A tensor metric must be readable now (on the CPU).
   *
   * @example
   * scheduler.step(await validationLoss.item_async()); // a GPU loss, read first
   */
  step(metrics: number | Tensor): void {
    let current: number;
    if (metrics instanceof Tensor) {
      check(metrics.device.type === 'cpu', () =>
        `ReduceLROnPlateau.step() must read the metric now, and a '${metrics.device}' tensor cannot be read synchronously: pass \`await metric.item_async()\``,
      );
      current = metrics.item();
    } else {
      current = metrics;
    }
    this.last_epoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this.reduceLr();
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /**
   * The lr of each group as the last step left it.
   *
   * @example
   * scheduler.get_last_lr(); // [0.001] once two plateaus have cut 0.1 by a factor of 10 each
   */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  private reduceLr(): void {
    const groups = this.optimizer.param_groups;
    if (groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null) {
        throw new TorchError(
          `The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized ` +
            `(${this.min_lrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`min_lrs\` field to match the length of the \`optimizer\` param groups.`,
        );
      }
      this.min_lrs = groups.map(() => this.default_min_lr as number);
    }
    groups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.min_lrs[i]!);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.threshold_mode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.threshold_mode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  /** Every field except the optimizer, copied. */
  state_dict(): SchedulerState {
    return savedFields(this);
  }

  /**
   * Restores the fields saved by `state_dict`, then, as PyTorch, recomputes the worst value from
   * the mode (so a state that went through JSON, where ±Infinity becomes null, still works).
   *
   * @example
   * scheduler.load_state_dict(JSON.parse(JSON.stringify(saved))); // best: null before any step -> Infinity
   */
  load_state_dict(state: SchedulerState): void {
    restoreFields(this, state);
    this.mode_worse = this.mode === 'min' ? Infinity : -Infinity;
    if (this.best === null) this.best = this.mode_worse;
  }
}

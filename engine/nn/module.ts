/**
 * The base of every layer. Parameters and submodules are registered by plain assignment
 * (`this.fc = new Linear(4, 2)`), found by walking own properties in assignment order, so names
 * and order match PyTorch's (`rnn_cell.weight_ih`).
 */
import { no_grad } from '../autograd/grad_mode.ts';
import { check, fmtSize, TorchError } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { tensor as makeTensor } from '../tensor/creation.ts';
import { device as toDevice, type DeviceLike } from '../tensor/device.ts';
import { shapesEqual } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Parameter } from './parameter.ts';

/** A stored tensor as plain data (the golden files' and the exported weights' format). */
export interface PlainTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export type StateDict = Record<string, Tensor>;

/**
 * What Python's `type(value).__name__` (or `torch.typename`) calls `value`, for messages that
 * quote it.
 */
function pythonTypeName(value: unknown): string {
  if (value instanceof Tensor) return value.type();
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null) return value.constructor.name;
  return typeof value;
}

/**
 * PyTorch's `Module.__setattr__` rule for a name that holds a Parameter: only another Parameter
 * (tying) or null (removing it) may replace it. Anything else would silently drop the parameter
 * from `parameters()` and the optimizer, so it is PyTorch's TypeError.
 */
function guardParameter(target: Module, name: string | symbol, value: unknown): void {
  if (typeof name !== 'string') return;
  const current = Object.getOwnPropertyDescriptor(target, name)?.value;
  if (!(current instanceof Parameter) || value instanceof Parameter || value === null || value === undefined) return;
  throw new TypeError(`cannot assign '${pythonTypeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
}

const PARAMETER_GUARD: ProxyHandler<Module> = {
  set(target, name, value) {
    guardParameter(target, name, value);
    return Reflect.set(target, name, value);
  },
  defineProperty(target, name, descriptor) {
    if ('value' in descriptor) guardParameter(target, name, descriptor.value);
    return Reflect.defineProperty(target, name, descriptor);
  },
};

export class Module {
  /** Training mode (dropout active); switched by `train()` and `eval()`. */
  training = true;

  /**
   * Subclasses register parameters and submodules by assigning them. The instance is wrapped so
   * that assigning a non-Parameter over a registered Parameter throws PyTorch's TypeError.
   *
   * @example
   * const fc = new torch.nn.Linear(3, 2);
   * fc.weight = torch.zeros([2, 3]); // TypeError: cannot assign 'torch.FloatTensor' as parameter 'weight' ...
   */
  constructor() {
    return new Proxy(this, PARAMETER_GUARD);
  }

  /** Runs the module; subclasses define it with their own signature. */
  forward(..._args: never[]): unknown {
    throw new TorchError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** Direct child modules with their attribute names, in assignment order. */
  *named_children(): Generator<[string, Module]> {
    for (const [name, value] of Object.entries(this)) {
      if (value instanceof Module) yield [name, value];
      else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (value[i] instanceof Module) yield [`${name}.${i}`, value[i] as Module];
      }
    }
  }

  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  /**
   * This module and every descendant, with dotted names ('' for this one). A module reachable
   * twice (shared by two parents) is listed once, at its first name, as in PyTorch.
   */
  *named_modules(prefix = '', memo: Set<Module> = new Set()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [name, child] of this.named_children()) yield* child.named_modules(prefix ? `${prefix}.${name}` : name, memo);
  }

  /**
   * Every parameter under every name it has, shared ones included: the keys of `state_dict`,
   * which PyTorch does not deduplicate (a tied weight is saved under both names).
   */
  private *allNamedParameters(prefix = ''): Generator<[string, Parameter]> {
    for (const [name, p] of this.ownParameters()) yield [prefix ? `${prefix}.${name}` : name, p];
    for (const [name, child] of this.named_children()) yield* child.allNamedParameters(prefix ? `${prefix}.${name}` : name);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  /** Own parameters (not those of children), in assignment order. */
  protected *ownParameters(): Generator<[string, Parameter]> {
    for (const [name, value] of Object.entries(this)) if (value instanceof Parameter) yield [name, value];
  }

  /**
   * `[name, Parameter]` pairs in PyTorch order: own parameters, then each child's. A Parameter
   * shared by two modules (tied weights) is listed once, at its first name, so an optimizer
   * updates it once and clip_grad_norm_ counts it once.
   *
   * @example
   * for (const [name, p] of rnn.named_parameters()) console.info(name, p.shape);
   */
  named_parameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [modName, mod] of this.named_modules(prefix)) {
      for (const [name, p] of mod.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([modName ? `${modName}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.named_parameters().map(([, p]) => p);
  }

  /**
   * Every parameter by its PyTorch name, as detached tensors sharing the parameters' storage. A
   * tied weight appears under each of its names, as in PyTorch.
   *
   * @example
   * Object.keys(new torch.nn.RNN(3, 4).state_dict()); // ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
   */
  state_dict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.allNamedParameters()) out[name] = p.detach();
    return out;
  }

  /**
   * Copies values into the parameters by name. With `strict` (the default) missing and unexpected
   * keys are errors; a shape mismatch always is. Values may be tensors or `{ shape, data }`.
   */
  load_state_dict(
    state: Record<string, Tensor | PlainTensor>,
    options: { strict?: boolean } = {},
  ): { missing_keys: string[]; unexpected_keys: string[] } {
    const { strict } = parseOptions('load_state_dict', { strict: true }, options);
    const params = new Map(this.allNamedParameters());
    const missing = [...params.keys()].filter((k) => !Object.hasOwn(state, k));
    const unexpected = Object.keys(state).filter((k) => !params.has(k));
    // PyTorch's order: missing keys, unexpected keys, then size mismatches in the model's order.
    const problems: string[] = [];
    if (strict && missing.length > 0) {
      problems.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (strict && unexpected.length > 0) {
      problems.push(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    }
    for (const [name, p] of params) {
      const value = Object.hasOwn(state, name) ? state[name]! : undefined;
      if (value !== undefined && !shapesEqual(value.shape, p.shape)) {
        problems.push(
          `size mismatch for ${name}: copying a param with shape ${fmtSize(value.shape)} from checkpoint, ` +
            `the shape in current model is ${fmtSize(p.shape)}.`,
        );
      }
    }
    check(problems.length === 0, () =>
      `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join('\n\t')}`,
    );
    no_grad(() => {
      for (const [name, value] of Object.entries(state)) {
        const p = params.get(name);
        if (p === undefined) continue;
        const src = value instanceof Tensor ? value : makeTensor(Array.from(value.data), { shape: value.shape });
        p.copy_(src);
      }
    });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears every parameter's gradient: to null by default (PyTorch 2.x's `set_to_none=True`),
   * or to zeros in place with `set_to_none` false.
   *
   * @example
   * model.zero_grad(false); // each .grad becomes zeros; a reference held to it sees the zeros
   */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (set_to_none || p.grad === null) p.grad = null;
      else p.grad.zero_();
    }
  }

  /**
   * Sets `requires_grad` on every parameter (freezing or unfreezing the module); returns it.
   *
   * @example
   * model.rnn.requires_grad_(false); // only the head trains now
   */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /** Calls `fn` on every descendant and then this module. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Moves every parameter (and its gradient) to `device` in place: the Parameter objects stay the
   * same, so optimizers holding them keep working. Synchronous, so it cannot leave the GPU: use
   * `await to_async('cpu')` for that.
   *
   * @example
   * const model = new torch.nn.RNN(10, 20).to('webgpu'); // the same module back; an optimizer built earlier still holds its parameters
   */
  to(target: DeviceLike): this {
    const dev = toDevice(target);
    const stuck = this.parameters().find((p) => p.device !== dev && p.device.type !== 'cpu');
    check(stuck === undefined, () =>
      `module.to('${dev}') cannot read parameters on the '${String(stuck?.device)}' device synchronously: GPU memory ` +
        `can only be read asynchronously. Use 'await module.to_async('${dev}')' instead`,
    );
    for (const p of this.parameters()) {
      if (p.device === dev) continue;
      p._replaceStorage(p.detach().to(dev).storage, dev);
      if (p.grad !== null) p.grad = p.grad.to(dev);
    }
    return this;
  }

  /**
   * `to(device)` for any pair of devices, GPU to CPU included, keeping every Parameter object.
   * Optimizer buffers (momentum, Adam moments) stay where they were: move them with
   * `await optimizer.to_async(device)` before the next step.
   *
   * @example
   * await model.to_async('cpu'); // weights back from the GPU, same Parameter objects
   */
  async to_async(target: DeviceLike): Promise<this> {
    const dev = toDevice(target);
    const params = this.parameters().filter((p) => p.device !== dev);
    // Start every read before awaiting any: the GPU answers them in one round trip.
    const moved = await Promise.all(params.map((p) => Promise.all([p.detach().to_async(dev), p.grad?.to_async(dev) ?? null])));
    params.forEach((p, i) => {
      const [values, grad] = moved[i]!;
      p._replaceStorage(values.storage, dev);
      if (p.grad !== null) p.grad = grad;
    });
    return this;
  }
}

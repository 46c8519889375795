/** Creating tensors: from data, filled, ranges. (Random creation lives in random_tensors.ts.) */
import { getBackend } from '../backends/registry.ts';
import { check, fmtShape } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { device as toDevice, type DeviceLike } from './device.ts';
import { numelOf, type Shape } from './shape.ts';
import { Tensor, type DType, type NestedArray } from './tensor.ts';

export interface CreationOptions {
  dtype?: DType;
  device?: DeviceLike;
  requires_grad?: boolean;
}

const DTYPES: readonly DType[] = ['float32', 'int64', 'bool'];

/**
 * Checks the options of a creation function: only the keys it takes (`extra` adds `shape` or
 * `generator`), and a dtype this engine has.
 */
export function checkCreationOptions(fn: string, options: object, extra: Record<string, unknown> = {}): void {
  const o = parseOptions(fn, { dtype: null as DType | null, device: null as DeviceLike | null, requires_grad: false, ...extra }, options);
  check(o.dtype === null || DTYPES.includes(o.dtype), () =>
    `${fn}(): dtype must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')} (all stored as float32), got ${String(o.dtype)}`,
  );
}

/** A shape given as an array (`[2, 3]`) or, for 1-D, a single size. */
export type SizeLike = Shape | number;

function sizeOf(size: SizeLike): number[] {
  const shape = typeof size === 'number' ? [size] : [...size];
  const negative = shape.find((d) => d < 0);
  check(negative === undefined, () => `Trying to create tensor with negative dimension ${negative}: ${fmtShape(shape)}`);
  check(shape.every((d) => Number.isInteger(d)), () =>
    `Trying to create tensor with a non-integer size: ${fmtShape(shape)}; sizes must be integers`,
  );
  return shape;
}

/** Wraps float32 values as a tensor on the requested device. */
export function fromFloat32(values: Float32Array, shape: Shape, options: CreationOptions = {}): Tensor {
  const dev = toDevice(options.device ?? 'cpu');
  const t = new Tensor(getBackend(dev.type).fromArray(values), shape, { device: dev, dtype: options.dtype ?? 'float32' });
  if (options.requires_grad) t.requires_grad_(true);
  return t;
}

function flattenNested(data: NestedArray): { values: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let level: NestedArray = data; Array.isArray(level); level = level[0] ?? 0) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const values: number[] = [];
  const walk = (node: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      check(typeof node === 'number', () => `Could not infer dtype of ${typeof node}: expected a number at depth ${depth}`);
      values.push(node);
      return;
    }
    check(Array.isArray(node) && node.length === shape[depth], () =>
      Array.isArray(node)
        ? `expected sequence of length ${shape[depth]} at dim ${depth} (got ${node.length})`
        : `expected a sequence of length ${shape[depth]} at dim ${depth} (got the number ${String(node)})`,
    );
    for (const child of node) walk(child, depth + 1);
  };
  walk(data, 0);
  return { values, shape };
}

/**
 * A tensor from nested arrays, a flat array or a Float32Array (give `shape` for flat data).
 * Values are stored as float32 (JavaScript has no separate integer literals, so unlike PyTorch
 * `[1, 2]` makes a float tensor unless `dtype: 'int64'` is asked for).
 *
 * @example
 * const x = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
 * const y = torch.tensor(new Float32Array(6), { shape: [2, 3] });
 */
export function tensor(
  data: NestedArray | readonly number[] | Float32Array,
  options: CreationOptions & { shape?: Shape } = {},
): Tensor {
  checkCreationOptions('tensor', options, { shape: null });
  let values: ArrayLike<number>;
  let shape: number[];
  if (data instanceof Float32Array) {
    values = data;
    shape = [data.length];
  } else {
    ({ values, shape } = flattenNested(data as NestedArray));
  }
  if (options.shape !== undefined) {
    const requested = sizeOf(options.shape);
    check(numelOf(requested) === values.length, () =>
      `shape '${fmtShape(requested)}' is invalid for input of size ${values.length}`,
    );
    shape = requested;
  }
  return fromFloat32(Float32Array.from(values), shape, options);
}

/**
 * A tensor of `size` filled with `fill_value`.
 *
 * @example
 * torch.full([2, 2], 7);
 */
export function full(size: SizeLike, fill_value: number, options: CreationOptions = {}): Tensor {
  checkCreationOptions('full', options);
  const shape = sizeOf(size);
  return fromFloat32(new Float32Array(numelOf(shape)).fill(fill_value), shape, options);
}

/** @example torch.zeros([32, 20]) */
export function zeros(size: SizeLike, options: CreationOptions = {}): Tensor {
  checkCreationOptions('zeros', options);
  return full(size, 0, options);
}

/** @example torch.ones([3]) */
export function ones(size: SizeLike, options: CreationOptions = {}): Tensor {
  checkCreationOptions('ones', options);
  return full(size, 1, options);
}

function likeOptions(t: Tensor, options: CreationOptions): CreationOptions {
  return { dtype: t.dtype, device: t.device, ...options };
}

/** Zeros shaped (and placed) like `t`. */
export function zeros_like(t: Tensor, options: CreationOptions = {}): Tensor {
  checkCreationOptions('zeros_like', options);
  return full(t.shape, 0, likeOptions(t, options));
}

export function ones_like(t: Tensor, options: CreationOptions = {}): Tensor {
  checkCreationOptions('ones_like', options);
  return full(t.shape, 1, likeOptions(t, options));
}

export function full_like(t: Tensor, fill_value: number, options: CreationOptions = {}): Tensor {
  checkCreationOptions('full_like', options);
  return full(t.shape, fill_value, likeOptions(t, options));
}

/**
 * Values from `start` up to (not including) `end` in steps of `step`; `arange(n)` counts 0..n-1.
 * Integer arguments give an int64 tensor, as in PyTorch.
 *
 * @example
 * torch.arange(5); // [0, 1, 2, 3, 4]
 */
export function arange(start: number, end?: number, step = 1, options: CreationOptions = {}): Tensor {
  checkCreationOptions('arange', options);
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  check(step !== 0, () => 'step must be nonzero');
  check((hi - lo) / step >= 0 || hi === lo, () =>
    `upper bound and larger bound inconsistent with step sign (start=${lo}, end=${hi}, step=${step})`,
  );
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  const integral = [lo, hi, step].every(Number.isInteger);
  return fromFloat32(values, [n], { dtype: integral ? 'int64' : 'float32', ...options });
}

/** `steps` evenly spaced values from `start` to `end` inclusive. */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  checkCreationOptions('linspace', options);
  check(Number.isInteger(steps) && steps >= 0, () => `number of steps must be non-negative, got ${steps}`);
  const values = new Float32Array(steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) values[i] = start + i * delta;
  return fromFloat32(values, [steps], options);
}

/** The identity matrix (n x m, m defaulting to n). */
export function eye(n: number, m = n, options: CreationOptions = {}): Tensor {
  checkCreationOptions('eye', options);
  const values = new Float32Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromFloat32(values, [n, m], options);
}

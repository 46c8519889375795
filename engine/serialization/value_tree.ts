/**
 * Walking a freshly unpickled value: finding each tensor with its path (`model.rnn.weight_ih_l0`),
 * then swapping the reader's stand-ins (dicts, tensor specs) for the final JavaScript values and
 * freezing tuples. Both walks use an explicit stack and visit each container once, so deep,
 * shared or self-containing structures from a hostile file cannot blow the call stack or explode
 * into exponentially many paths.
 */
import { TorchError } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { dictTarget, keyName, PyDict } from './py_values.ts';
import { TensorSpec } from './tensor_spec.ts';

export type PathKey = string | number;

/** No checkpoint nests containers this deep; a file that does is refused rather than walked. */
export const MAX_DEPTH = 1000;

export interface SpecAt {
  readonly path: readonly PathKey[];
  readonly spec: TensorSpec;
}

type Container = PyDict | unknown[] | Set<unknown>;

function isContainer(v: unknown): v is Container {
  return v instanceof PyDict || Array.isArray(v) || v instanceof Set;
}

function* children(c: Container): Generator<[PathKey, unknown]> {
  if (c instanceof PyDict) {
    for (const [k, v] of c.entries) yield [keyName(k), v];
  } else {
    let i = 0;
    for (const v of c) yield [i++, v];
  }
}

/** Every tensor reachable from `root`, in document order, each with the path that reaches it. */
export function findTensors(root: unknown): SpecAt[] {
  const found: SpecAt[] = [];
  const seen = new Set<Container>();
  const stack: { it: Generator<[PathKey, unknown]>; path: PathKey[] }[] = [];
  const visit = (value: unknown, path: PathKey[]): void => {
    if (value instanceof TensorSpec) found.push({ path, spec: value });
    else if (isContainer(value) && !seen.has(value)) {
      if (path.length > MAX_DEPTH) throw new TorchError(`the file nests containers more than ${MAX_DEPTH} levels deep (at ${path.slice(0, 8).join('.')}...), which no checkpoint does`);
      seen.add(value);
      stack.push({ it: children(value), path });
    }
  };
  visit(root, []);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const next = frame.it.next();
    if (next.done) stack.pop();
    else visit(next.value[1], [...frame.path, next.value[0]]);
  }
  return found;
}

/**
 * The final value: each dict becomes a plain object or a Map (see `py_values.ts`), each spec its
 * tensor, and each tuple is frozen. Lists and sets are updated in place, so shared and
 * self-containing structures stay shared.
 */
export function finalize(root: unknown, tensors: ReadonlyMap<TensorSpec, Tensor>, tuples: WeakSet<unknown[]>): unknown {
  const dicts = new Map<PyDict, Record<string, unknown> | Map<unknown, unknown>>();
  const done = new Set<unknown>();
  const pending: [Container, Record<string, unknown> | Map<unknown, unknown> | null][] = [];
  const convert = (v: unknown): unknown => {
    if (v instanceof TensorSpec) {
      const t = tensors.get(v);
      if (t === undefined) throw new TorchError('internal: a tensor was not read');
      return t;
    }
    if (v instanceof PyDict) {
      let target = dicts.get(v);
      if (target === undefined) {
        target = dictTarget(v);
        dicts.set(v, target);
        pending.push([v, target]);
      }
      return target;
    }
    if ((Array.isArray(v) || v instanceof Set) && !done.has(v)) {
      done.add(v);
      pending.push([v, null]);
    }
    return v;
  };
  const out = convert(root);
  while (pending.length > 0) {
    const [container, target] = pending.pop()!;
    if (container instanceof PyDict) {
      for (const [k, v] of container.entries) {
        if (k instanceof TensorSpec) throw new TorchError('the file uses a tensor as a dict key, which no checkpoint does');
        if (target instanceof Map) target.set(convert(k), convert(v));
        else target![k as string] = convert(v);
      }
    } else if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) container[i] = convert(container[i]);
      if (tuples.has(container)) Object.freeze(container);
    } else {
      const items = [...container].map(convert);
      container.clear();
      for (const item of items) container.add(item);
    }
  }
  return out;
}

/**
 * Python values as JavaScript values, both ways:
 *
 * | Python                     | JavaScript                                                         |
 * |----------------------------|--------------------------------------------------------------------|
 * | `None`, `bool`, `str`      | `null`, `boolean`, `string`                                        |
 * | `int`                      | `number` when a safe integer (|v| < 2^53), else `bigint`          |
 * | `float`                    | `number`                                                           |
 * | `bytes`, `bytearray`       | `Uint8Array`                                                       |
 * | `list`                     | a mutable array                                                    |
 * | `tuple`, `torch.Size`      | a frozen array (`Object.isFrozen`): {@link tuple} makes one        |
 * | `dict`, `OrderedDict`      | a plain object when every key is a string JavaScript keeps in      |
 * |                            | insertion order (not "__proto__", not an array index like "0");    |
 * |                            | otherwise a `Map` with the Python keys, in order                   |
 * | `set`, `frozenset`         | a `Set`                                                            |
 * | `torch.Tensor`, `Parameter`| `Tensor`, `nn.Parameter`                                           |
 * | `torch.float32` (a dtype)  | the string `'torch.float32'`; `torch.device('cpu')` is `'cpu'`     |
 */
import type { Tensor } from '../tensor/tensor.ts';

/** A value read from a PyTorch or safetensors file. */
export type PyValue =
  | null | boolean | number | bigint | string | Uint8Array | Tensor
  | PyValue[] | readonly PyValue[]
  | { [key: string]: PyValue }
  | Map<PyKey, PyValue>
  | Set<PyValue>;

/** A dict key: Python allows any hashable value; tuples arrive as frozen arrays. */
export type PyKey = string | number | bigint | boolean | null | readonly PyValue[];

/**
 * A Python tuple: a frozen array. `torch.save` writes frozen arrays as tuples and other arrays
 * as lists; `torch.load` gives tuples back frozen.
 *
 * @example
 * torch.save({ betas: torch.serialization.tuple(0.9, 0.999) }); // {'betas': (0.9, 0.999)} in Python
 */
export function tuple<T extends PyValue[]>(...items: T): Readonly<T> {
  return Object.freeze(items);
}

/** A dict while a pickle is being read: Python's keys and order, turned into an object or Map at the end. */
export class PyDict {
  readonly entries = new Map<unknown, unknown>();
}

/** Whether `key` is an array index ("0", "17"): JavaScript objects list those first, in numeric order. */
export function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** Whether a JavaScript object keeps `key` where it was inserted. */
function keepsOrder(key: unknown): key is string {
  return typeof key === 'string' && key !== '__proto__' && !isArrayIndex(key);
}

/** A count or index as a pickle or header gives it: a non-negative safe integer. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The JavaScript form of a dict: a plain object when that keeps every key and the order, else a Map. */
export function dictTarget(dict: PyDict): Record<string, unknown> | Map<unknown, unknown> {
  for (const key of dict.entries.keys()) if (!keepsOrder(key)) return new Map();
  return {};
}

/** A dict key as it appears in a dotted name: `state.0.exp_avg`, `weights.(1, 2)`. */
export function keyName(key: unknown): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  if (Array.isArray(key)) return `(${key.map((k) => String(keyName(k))).join(', ')})`;
  return String(key);
}

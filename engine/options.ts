/**
 * Keyword arguments, the one way engine functions take PyTorch's optional arguments. Python binds
 * `f(x, 2, beta=3)` by name and rejects a name it does not know; JavaScript has no keywords, so
 * the engine takes them as a trailing plain object and binds them here, with Python's rules:
 * every key must be one the function declares (a typo is an error, never silently dropped), a
 * value must have its default's type, and no argument may come both positionally and by name.
 */
import { TorchError } from './errors.ts';

/** A function's optional arguments in PyTorch's positional order, each with its default. */
export type Defaults = Record<string, unknown>;

/** A plain `{ ... }` object (not a Tensor, array, Generator or other class instance). */
export function isKeywords(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const pythonType = (v: unknown): string =>
  v === null ? 'NoneType' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : typeof v;

/** A value whose default is a number, boolean or string must have that type (null and undefined take the default). */
function checkType(fn: string, name: string, value: unknown, fallback: unknown): void {
  const want = typeof fallback;
  if (value === undefined || fallback === null || fallback === undefined) return;
  if (want !== 'number' && want !== 'boolean' && want !== 'string') return;
  if (typeof value === want) return;
  throw new TorchError(`${fn}(): argument '${name}' must be ${want === 'number' ? 'a number' : want === 'boolean' ? 'a boolean' : 'a string'}, not ${pythonType(value)}`);
}

/**
 * Binds `args` (the optional arguments after the required ones) to `defaults`' names: positional
 * values first, in order, then, when the last value is a plain object, its keys by name. An
 * unknown key is a TorchError in Python's words ("f() got an unexpected keyword argument 'x'"),
 * followed by the names the function knows.
 *
 * @example
 * bindArgs('sub', { alpha: 1 }, [{ alpha: 2 }]); // { alpha: 2 }
 * bindArgs('sub', { alpha: 1 }, [{ alfa: 2 }]);  // throws: sub() got an unexpected keyword argument 'alfa' ...
 */
export function bindArgs<D extends Defaults>(fn: string, defaults: D, args: readonly unknown[]): D {
  const names = Object.keys(defaults);
  const last = args.length > 0 ? args[args.length - 1] : undefined;
  // A plain object is keywords unless the argument in that position takes objects itself.
  const hasKeywords = isKeywords(last) && !isKeywords(defaults[names[args.length - 1] ?? '']);
  const positional = hasKeywords ? args.slice(0, -1) : args;
  if (positional.length > names.length) {
    throw new TorchError(`${fn}() takes at most ${names.length} optional positional arguments (${names.join(', ')}) but ${positional.length} were given`);
  }
  const out: Defaults = { ...defaults };
  positional.forEach((value, i) => {
    const name = names[i]!;
    checkType(fn, name, value, defaults[name]);
    if (value !== undefined) out[name] = value;
  });
  if (hasKeywords) {
    for (const [name, value] of Object.entries(last)) {
      if (!(name in defaults)) {
        throw new TorchError(`${fn}() got an unexpected keyword argument '${name}' (its keyword arguments are: ${names.join(', ') || 'none'})`);
      }
      if (names.indexOf(name) < positional.length && positional[names.indexOf(name)] !== undefined) {
        throw new TorchError(`${fn}() got multiple values for argument '${name}'`);
      }
      checkType(fn, name, value, defaults[name]);
      if (value !== undefined) out[name] = value;
    }
  }
  return out as D;
}

/**
 * `bindArgs` for a function whose optional arguments come only as one options object (a module
 * constructor, a loss, an optimizer).
 *
 * @example
 * parseOptions('mse_loss', { reduction: 'mean' }, { reduction: 'sum' }); // { reduction: 'sum' }
 */
export function parseOptions<D extends Defaults>(fn: string, defaults: D, given: object | null | undefined): D {
  if (given === null || given === undefined) return { ...defaults };
  if (!isKeywords(given)) throw new TorchError(`${fn}() expected its options as a plain object { ... }, got ${pythonType(given)}`);
  return bindArgs(fn, defaults, [given]);
}

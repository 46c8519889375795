/**
 * `torch.save`: the zip format PyTorch ≥ 1.6 writes and reads, laid out as PyTorch lays it out
 * (`archive/data.pkl`, `archive/byteorder`, one `archive/data/<key>` per storage, `archive/version`;
 * stored, 64-byte aligned). The pickle uses only globals on PyTorch's `weights_only=True`
 * allow-list, so `torch.load(path, weights_only=True)` reads it.
 */
import type { Storage } from '../backends/backend.ts';
import { TorchError } from '../errors.ts';
import { Module } from '../nn/module.ts';
import { Parameter } from '../nn/parameter.ts';
import { Optimizer } from '../optim/optimizer.ts';
import { contiguousStrides } from '../tensor/shape.ts';
import { Tensor, type DType } from '../tensor/tensor.ts';
import { DTYPES } from './dtypes.ts';
import { BATCH, PickleWriter } from './pickle_writer.ts';
import { isArrayIndex } from './py_values.ts';
import { checkReadable, storageBytes } from './tensor_bytes.ts';
import { MAX_DEPTH } from './value_tree.ts';
import { writeAlignedZip } from './zip_writer.ts';

const ARCHIVE = 'archive';
/** The zip format's version record, as PyTorch 1.13 and 2.x write it. */
const FORMAT_VERSION = '3\n';

const STORAGE_CLASS: Record<DType, string> = {
  float32: DTYPES.float32.storageClass!,
  int64: DTYPES.int64.storageClass!,
  bool: DTYPES.bool.storageClass!,
};

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

class Saver {
  readonly w = new PickleWriter();
  readonly records: [string, Uint8Array][] = [];
  private readonly storageKeys = new Map<Storage, Map<DType, string>>();
  private readonly tensorMemo = new Map<Tensor, number>();
  private readonly globalMemo = new Map<string, number>();
  /** Containers being written, to refuse one that contains itself. */
  private readonly active = new Set<object>();

  private global(module: string, name: string): void {
    const key = `${module}.${name}`;
    const memo = this.globalMemo.get(key);
    if (memo !== undefined) return this.w.get(memo);
    this.w.global(module, name);
    this.globalMemo.set(key, this.w.put());
  }

  private storageKey(storage: Storage, dtype: DType): { key: string; fresh: boolean } {
    let byDType = this.storageKeys.get(storage);
    if (byDType === undefined) this.storageKeys.set(storage, (byDType = new Map()));
    const existing = byDType.get(dtype);
    if (existing !== undefined) return { key: existing, fresh: false };
    const key = String(this.records.length);
    byDType.set(dtype, key);
    return { key, fresh: true };
  }

  private tensor(t: Tensor, path: string): void {
    const memo = this.tensorMemo.get(t);
    if (memo !== undefined) return this.w.get(memo);
    checkReadable(t, 'torch.save', path || 'the tensor');
    const requiresGrad = t.requires_grad && t.is_leaf;
    const isParameter = t instanceof Parameter;
    if (isParameter) this.global('torch._utils', '_rebuild_parameter');
    this.global('torch._utils', '_rebuild_tensor_v2');
    this.w.mark();
    // The persistent id: ('storage', storage class, key, location, element count).
    const { key, fresh } = this.storageKey(t.storage, t.dtype);
    if (fresh) this.records.push([`${ARCHIVE}/data/${key}`, storageBytes(t.storage, t.storage.length, t.dtype, 'torch.save')]);
    this.w.mark();
    this.w.str('storage');
    this.global('torch', STORAGE_CLASS[t.dtype]);
    this.w.str(key);
    this.w.str('cpu');
    this.w.int(t.storage.length);
    this.w.tuple(5, true);
    this.w.persistentId();
    this.w.int(0);
    this.intTuple(t.shape);
    this.intTuple(contiguousStrides(t.shape));
    this.w.bool(isParameter ? false : requiresGrad);
    this.emptyOrderedDict();
    this.w.tuple(6, true);
    this.w.reduce();
    if (isParameter) {
      this.w.bool(t.requires_grad);
      this.emptyOrderedDict();
      this.w.tuple(3, false);
      this.w.reduce();
    }
    this.tensorMemo.set(t, this.w.put());
  }

  private emptyOrderedDict(): void {
    this.global('collections', 'OrderedDict');
    this.w.tuple(0, false);
    this.w.reduce();
  }

  private intTuple(values: readonly number[]): void {
    const marked = values.length > 3;
    if (marked) this.w.mark();
    for (const v of values) this.w.int(v);
    this.w.tuple(values.length, marked);
  }

  private key(key: unknown, path: string, depth: number): void {
    if (typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean' || key === null) {
      this.value(key, path, depth);
    } else if (Array.isArray(key) && Object.isFrozen(key)) {
      this.value(key, path, depth);
    } else {
      throw new TorchError(`torch.save: a Map key at ${path || 'the top'} is ${describe(key)}; Python dict keys here are strings, numbers, booleans, null or tuples`);
    }
  }

  private entries(pairs: Iterable<[unknown, unknown]>, path: string, depth: number, keyFor: (k: unknown) => unknown): void {
    let n = 0;
    for (const [k, v] of pairs) {
      if (n % BATCH === 0) {
        if (n > 0) this.w.setItems();
        this.w.mark();
      }
      const childPath = path ? `${path}.${String(k)}` : String(k);
      this.key(keyFor(k), childPath, depth + 1);
      this.value(v, childPath, depth + 1);
      n++;
    }
    if (n > 0) this.w.setItems();
  }

  value(v: unknown, path: string, depth: number): void {
    if (depth > MAX_DEPTH) throw new TorchError(`torch.save: the object nests more than ${MAX_DEPTH} levels deep (at ${path})`);
    if (v === null) return this.w.none();
    switch (typeof v) {
      case 'boolean': return this.w.bool(v);
      case 'bigint': return this.w.int(v);
      case 'string': return this.w.str(v);
      case 'number':
        // A safe integer is an int in Python; anything else (0.5, -0, NaN, 1e300) a float.
        return Number.isSafeInteger(v) && !Object.is(v, -0) ? this.w.int(v) : this.w.float(v);
      case 'undefined':
        throw new TorchError(`torch.save: ${path || 'the object'} is undefined, which Python has no value for; use null for None`);
      case 'object':
        break;
      default:
        throw new TorchError(`torch.save: ${path || 'the object'} is a ${typeof v}, which cannot be saved`);
    }
    if (v instanceof Tensor) return this.tensor(v, path);
    if (v instanceof Module) {
      throw new TorchError(`torch.save: ${path || 'the object'} is an nn.Module (${v.constructor.name}); save model.state_dict() instead, which PyTorch loads with model.load_state_dict(torch.load(path))`);
    }
    if (v instanceof Optimizer) throw new TorchError(`torch.save: ${path || 'the object'} is an optimizer; save optimizer.state_dict() instead`);
    if (this.active.has(v)) throw new TorchError(`torch.save: ${path || 'the object'} contains itself, which torch.save cannot write here`);
    this.active.add(v);
    if (Array.isArray(v)) {
      if (Object.isFrozen(v)) this.tupleOf(v, path, depth);
      else this.listOf(v, path, depth);
    } else if (v instanceof Map) {
      this.w.emptyDict();
      this.entries(v.entries(), path, depth, (k) => k);
    } else if (isPlainObject(v)) {
      this.w.emptyDict();
      this.entries(Object.entries(v), path, depth, (k) => (isArrayIndex(k as string) ? Number(k) : k));
    } else {
      throw new TorchError(
        `torch.save: ${path || 'the object'} is ${describe(v)}, which cannot be saved: save tensors, numbers, strings, ` +
          'booleans, null, arrays, frozen arrays (tuples), plain objects and Maps',
      );
    }
    this.active.delete(v);
  }

  private listOf(items: readonly unknown[], path: string, depth: number): void {
    this.w.emptyList();
    items.forEach((item, i) => {
      if (i % BATCH === 0) {
        if (i > 0) this.w.appends();
        this.w.mark();
      }
      this.value(item, `${path}.${i}`, depth + 1);
    });
    if (items.length > 0) this.w.appends();
  }

  private tupleOf(items: readonly unknown[], path: string, depth: number): void {
    const marked = items.length > 3;
    if (marked) this.w.mark();
    items.forEach((item, i) => this.value(item, `${path}.${i}`, depth + 1));
    this.w.tuple(items.length, marked);
  }
}

function describe(v: unknown): string {
  const name = v === null || typeof v !== 'object' ? typeof v : ((v as object).constructor?.name ?? 'object');
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * Writes `obj` in PyTorch's zip format, which `torch.load(path, weights_only=True)` reads in
 * PyTorch 2.x. Tensors (CPU) keep their dtype (float32, int64, bool) and shared storage; plain
 * objects and Maps become dicts in order (array-index keys such as '0', which JavaScript makes
 * of number keys, become Python ints, so an optimizer state_dict's keys stay ints); arrays become
 * lists and frozen arrays tuples; safe integers become ints and other numbers floats.
 *
 * PyTorch 1.13's `weights_only=True` unpickler cannot read a Python float at all (it lacks the
 * BINFLOAT opcode that 2.0 added), so there a file holding floats (an optimizer's `lr`) loads only
 * with `weights_only=False`; state_dicts of tensors, ints, strings and None load either way.
 *
 * @example
 * const bytes = torch.save(model.state_dict());
 * // Python: model.load_state_dict(torch.load("model.pt", weights_only=True))
 * torch.save({ model: model.state_dict(), optimizer: optimizer.state_dict(), epoch: 12 });
 */
export function save(obj: unknown): Uint8Array {
  const saver = new Saver();
  saver.value(obj, '', 0);
  const pickle = saver.w.finish();
  const encoder = new TextEncoder();
  return writeAlignedZip([
    [`${ARCHIVE}/data.pkl`, pickle],
    [`${ARCHIVE}/byteorder`, encoder.encode('little')],
    ...saver.records,
    [`${ARCHIVE}/version`, encoder.encode(FORMAT_VERSION)],
  ]);
}

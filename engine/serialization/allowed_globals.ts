/**
 * The restricted unpickler's rules, after PyTorch's `weights_only=True` unpickler
 * (`torch/_weights_only_unpickler.py`): a pickle may name only the globals that tensors and plain
 * containers need (tensor rebuild functions, storage classes, dtypes, `OrderedDict`, `set`,
 * `torch.Size`, ...). Any other global is refused when it is named, before anything could call
 * it, with a message that names it and says what to save instead.
 */
import { TorchError } from '../errors.ts';
import { DTYPES, STORED_DTYPES, UNSUPPORTED_DTYPES, UNSUPPORTED_STORAGE_CLASSES, unsupportedDTypeAdvice, type StoredDType } from './dtypes.ts';
import type { PickleHooks } from './pickle_reader.ts';
import { isCount, PyDict } from './py_values.ts';
import { StorageRef, TensorSpec } from './tensor_spec.ts';

/** A global the file may name: what calling it builds, or which storage or class it is. */
class AllowedGlobal {
  constructor(
    readonly qualname: string,
    readonly call?: (args: readonly unknown[]) => unknown,
    readonly storageDType?: StoredDType | 'untyped',
    readonly tensorClass?: 'Tensor' | 'Parameter',
  ) {}
}

/** Reads the storage a persistent id names; the zip and legacy formats differ here. */
export type StorageLoader = (pid: readonly unknown[], storageType: StoredDType | 'untyped') => StorageRef;

/** Modules whose globals exist to run code: named separately in refusals, as PyTorch blocks them. */
const CODE_MODULES = new Set(['os', 'posix', 'nt', 'sys', 'subprocess', 'shutil', 'socket', 'runpy', 'pty', 'importlib', 'ctypes', 'code', 'pickle', 'marshal', 'webbrowser']);
const CODE_BUILTINS = new Set(['eval', 'exec', 'compile', '__import__', 'getattr', 'setattr', 'open', 'apply', 'execfile', 'input', 'breakpoint', 'globals', 'vars']);

/** Python 2 module names that `pickle` maps to Python 3 ones. */
const MODULE_ALIASES: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

/** Tensor kinds PyTorch can pickle that the engine has no form for, with what to save instead. */
const UNSUPPORTED_REBUILDS: Record<string, string> = {
  _rebuild_qtensor: 'a quantized tensor: save t.dequantize() instead',
  _rebuild_sparse_tensor: 'a sparse tensor: save t.to_dense() instead',
  _rebuild_sparse_csr_tensor: 'a sparse CSR tensor: save t.to_dense() instead',
  _rebuild_nested_tensor: 'a nested tensor: save its components (t.unbind()) instead',
  _rebuild_meta_tensor_no_storage: 'a meta tensor, which has a shape but no values: save a tensor with data',
  _rebuild_wrapper_subclass: 'a tensor subclass (such as a DTensor or a fake tensor): save a plain tensor (t.full_tensor() or t.detach().clone())',
  _rebuild_device_tensor_from_numpy: 'a tensor of an accelerator without storage on the CPU: move it with t.cpu() before saving',
  _rebuild_device_tensor_from_cpu_tensor: 'a tensor of an accelerator without storage on the CPU: move it with t.cpu() before saving',
};

function refusal(qualname: string, module: string, name: string): TorchError {
  const root = module.split('.')[0]!;
  const nothingRan = 'Nothing from the file was run: the engine never calls code from a file.';
  if (CODE_MODULES.has(root) || (module === 'builtins' && CODE_BUILTINS.has(name))) {
    return new TorchError(
      `Refused GLOBAL ${qualname}: it is a function that runs commands or code, which a pickle names only ` +
        `to run it while being loaded (this file may be malicious). ${nothingRan} weights_only=true allows only ` +
        `tensors and plain containers, like torch.load(path, weights_only=True).`,
    );
  }
  if (module.startsWith('torch.nn.') || module.startsWith('torch.optim.')) {
    return new TorchError(
      `Unsupported global: GLOBAL ${qualname} is a pickled ${module.startsWith('torch.nn.') ? 'nn.Module' : 'optimizer'} class: ` +
        `this file holds a whole ${module.startsWith('torch.nn.') ? 'model object (torch.save(model))' : 'optimizer object'}, not only its tensors. ` +
        `Save model.state_dict() instead: torch.save(model.state_dict(), path)` +
        `${module.startsWith('torch.optim.') ? ' and torch.save(optimizer.state_dict(), path)' : ''}. ${nothingRan}`,
    );
  }
  const hint = root === 'numpy'
    ? 'It is a NumPy object: save tensors (torch.from_numpy(a)) and Python numbers (float(x)) instead.'
    : 'weights_only=true loads only tensors and plain Python containers, as torch.load(path, weights_only=True) does. ' +
      'If the file holds a whole model (torch.save(model)), save model.state_dict() instead; otherwise save tensors, ' +
      'numbers, strings, lists, tuples and dicts.';
  return new TorchError(`Unsupported global: GLOBAL ${qualname} is not allowed. ${hint} ${nothingRan}`);
}

function isTuple(v: unknown, tuples: WeakSet<unknown[]>): v is unknown[] {
  return Array.isArray(v) && tuples.has(v);
}

/** The arguments of a tensor rebuild function, validated. */
function tensorFrom(fn: string, args: readonly unknown[], storage: unknown): TensorSpec {
  const [, offset, size, stride, requires_grad = false] = args;
  const bad = (what: string): TorchError => new TorchError(`torch._utils.${fn}: ${what} (the file is damaged or not made by torch.save)`);
  if (!(storage instanceof StorageRef)) throw bad('the first argument is not a storage');
  if (!isCount(offset)) throw bad(`the storage offset ${String(offset)} is not a non-negative integer`);
  if (!Array.isArray(size) || !size.every(isCount)) throw bad('the size is not a tuple of non-negative integers');
  if (!Array.isArray(stride) || !stride.every(isCount) || stride.length !== size.length) {
    throw bad(`the stride is not a tuple of ${size.length} non-negative integers`);
  }
  if (typeof requires_grad !== 'boolean') throw bad('requires_grad is not a bool');
  return new TensorSpec(storage, offset, size as number[], stride as number[], requires_grad, false);
}

function dictFrom(args: readonly unknown[], what: string): PyDict {
  const dict = new PyDict();
  const [source] = args;
  if (source === undefined) return dict;
  if (source instanceof PyDict) {
    for (const [k, v] of source.entries) dict.entries.set(k, v);
    return dict;
  }
  if (!Array.isArray(source)) throw new TorchError(`${what} expects a dict or a list of pairs`);
  for (const pair of source) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TorchError(`${what} expects (key, value) pairs`);
    dict.entries.set(pair[0], pair[1]);
  }
  return dict;
}

function bytesFrom(value: unknown, encoding: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value !== 'string') throw new TorchError('_codecs.encode expects a string');
  if (encoding === 'latin1' || encoding === 'latin-1') {
    const out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 255) throw new TorchError(`_codecs.encode: character U+${c.toString(16)} is not latin-1`);
      out[i] = c;
    }
    return out;
  }
  return new TextEncoder().encode(value);
}

function elementsOf(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  throw new TorchError(`${what} expects a list or a set`);
}

/** Python attributes on a tensor (`t.tag = ...`) have no engine form: note that they were dropped. */
function noteDroppedState(spec: TensorSpec, state: unknown): void {
  const dict = state instanceof PyDict ? state : Array.isArray(state) && state[0] instanceof PyDict ? state[0] : null;
  if (dict !== null && dict.entries.size > 0) {
    spec.notes.push(`its Python attributes (${[...dict.entries.keys()].map(String).join(', ')}) were dropped: engine tensors have none`);
  }
}

/** The hooks of the restricted unpickler; `loadStorage` reads the storages persistent ids name. */
export function restrictedHooks(loadStorage: StorageLoader, tuples: WeakSet<unknown[]>): PickleHooks {
  const asTuple = (items: unknown[]): unknown[] => {
    tuples.add(items);
    return items;
  };
  const rebuildParameter = (fn: string) => (args: readonly unknown[]): TensorSpec => {
    const [data, requires_grad = true, , state] = args;
    if (!(data instanceof TensorSpec)) throw new TorchError(`torch._utils.${fn}: the data is not a tensor`);
    if (typeof requires_grad !== 'boolean') throw new TorchError(`torch._utils.${fn}: requires_grad is not a bool`);
    const param = data.asParameter(requires_grad);
    noteDroppedState(param, state);
    return param;
  };
  const table = new Map<string, AllowedGlobal>();
  const allow = (g: AllowedGlobal): void => void table.set(g.qualname, g);

  allow(new AllowedGlobal('collections.OrderedDict', (args) => dictFrom(args, 'OrderedDict')));
  allow(new AllowedGlobal('collections.Counter', (args) => dictFrom(args, 'Counter')));
  allow(new AllowedGlobal('builtins.set', (args) => new Set(elementsOf(args[0], 'set'))));
  allow(new AllowedGlobal('builtins.frozenset', (args) => new Set(elementsOf(args[0], 'frozenset'))));
  allow(new AllowedGlobal('builtins.bytearray', (args) => (args[0] === undefined ? new Uint8Array(0) : bytesFrom(args[0], args[1]))));
  allow(new AllowedGlobal('_codecs.encode', (args) => bytesFrom(args[0], args[1])));
  allow(new AllowedGlobal('torch.Size', (args) => asTuple([...elementsOf(args[0], 'torch.Size')])));
  allow(new AllowedGlobal('torch.device', (args) => (args[1] === undefined || args[1] === null ? String(args[0]) : `${String(args[0])}:${String(args[1])}`)));
  allow(new AllowedGlobal('torch.serialization._get_layout', (args) => String(args[0])));
  allow(new AllowedGlobal('torch.Tensor', undefined, undefined, 'Tensor'));
  allow(new AllowedGlobal('torch.nn.parameter.Parameter', undefined, undefined, 'Parameter'));
  allow(new AllowedGlobal('torch._utils._rebuild_tensor', (args) => tensorFrom('_rebuild_tensor', args, args[0])));
  allow(new AllowedGlobal('torch._utils._rebuild_tensor_v2', (args) => tensorFrom('_rebuild_tensor_v2', args, args[0])));
  allow(new AllowedGlobal('torch._utils._rebuild_tensor_v3', (args) => {
    const dtype = typeof args[6] === 'string' ? args[6].replace(/^torch\./, '') : '';
    if (!(STORED_DTYPES as string[]).includes(dtype)) throw new TorchError(`torch._utils._rebuild_tensor_v3: ${unsupportedDTypeAdvice(dtype || String(args[6]))}`);
    const storage = args[0] instanceof StorageRef ? args[0].as(dtype as StoredDType) : args[0];
    return tensorFrom('_rebuild_tensor_v3', args, storage);
  }));
  allow(new AllowedGlobal('torch._utils._rebuild_parameter', rebuildParameter('_rebuild_parameter')));
  allow(new AllowedGlobal('torch._utils._rebuild_parameter_with_state', rebuildParameter('_rebuild_parameter_with_state')));
  allow(new AllowedGlobal('torch._tensor._rebuild_from_type_v2', (args) => {
    const [func, newType, funcArgs, state] = args;
    if (!(func instanceof AllowedGlobal) || func.call === undefined || !Array.isArray(funcArgs)) {
      throw new TorchError('torch._tensor._rebuild_from_type_v2: expects a rebuild function and its arguments');
    }
    if (!(newType instanceof AllowedGlobal) || newType.tensorClass === undefined) {
      throw new TorchError(`torch._tensor._rebuild_from_type_v2: a tensor of class ${newType instanceof AllowedGlobal ? newType.qualname : String(newType)}; only torch.Tensor and nn.Parameter are allowed`);
    }
    const made = func.call(funcArgs);
    if (!(made instanceof TensorSpec)) throw new TorchError('torch._tensor._rebuild_from_type_v2: the rebuild function did not make a tensor');
    const spec = newType.tensorClass === 'Parameter' ? made.asParameter(made.requires_grad) : made;
    noteDroppedState(spec, state);
    return spec;
  }));
  for (const dtype of STORED_DTYPES) allow(new AllowedGlobal(`torch.${dtype}`));
  for (const module of ['torch', 'torch.cuda']) {
    for (const dtype of STORED_DTYPES) {
      const storageClass = DTYPES[dtype].storageClass;
      if (storageClass !== undefined) allow(new AllowedGlobal(`${module}.${storageClass}`, undefined, dtype));
    }
  }
  allow(new AllowedGlobal('torch.storage.UntypedStorage', undefined, 'untyped'));
  allow(new AllowedGlobal('torch.storage._UntypedStorage', undefined, 'untyped'));

  return {
    global(rawModule, name) {
      const module = MODULE_ALIASES[rawModule] ?? rawModule;
      const qualname = `${module}.${name}`;
      const allowed = table.get(qualname);
      if (allowed !== undefined) return allowed.call === undefined && allowed.storageDType === undefined && allowed.tensorClass === undefined ? qualname : allowed;
      if (module === 'torch._utils' && name in UNSUPPORTED_REBUILDS) {
        throw new TorchError(`The file holds ${UNSUPPORTED_REBUILDS[name]} (GLOBAL ${qualname}); the engine reads dense CPU-layout tensors only`);
      }
      const unsupportedStorage = UNSUPPORTED_STORAGE_CLASSES[name];
      if ((module === 'torch' || module === 'torch.cuda') && unsupportedStorage !== undefined) {
        throw new TorchError(`The file holds a ${unsupportedStorage} tensor (GLOBAL ${qualname}): ${unsupportedDTypeAdvice(unsupportedStorage)}`);
      }
      if (module === 'torch' && name in UNSUPPORTED_DTYPES) return `torch.${name}`;
      if (module === 'builtins' && name === 'complex') {
        throw new TorchError('The file holds a Python complex number (GLOBAL builtins.complex), which the engine has no form for: save its real and imaginary parts as two floats');
      }
      throw refusal(qualname, module, name);
    },
    reduce(func, args) {
      if (func instanceof AllowedGlobal && func.call !== undefined) return func.call(args);
      const what = func instanceof AllowedGlobal ? func.qualname : typeof func === 'string' ? func : typeof func;
      throw new TorchError(`The pickle calls ${what}, which is not a function the restricted unpickler may call`);
    },
    newobj(cls, args) {
      if (cls instanceof AllowedGlobal && cls.tensorClass === 'Parameter') {
        return rebuildParameter('Parameter')([args[0], args[1] ?? true]);
      }
      if (cls instanceof AllowedGlobal && cls.call !== undefined) return cls.call(args);
      const what = cls instanceof AllowedGlobal ? cls.qualname : typeof cls;
      throw new TorchError(`The pickle creates an object of ${what}; the restricted unpickler creates only nn.Parameter and plain containers`);
    },
    build(inst, state) {
      if (inst instanceof PyDict && (state === null || state instanceof PyDict)) return inst; // OrderedDict._metadata
      if (inst instanceof TensorSpec && inst.parameter) {
        noteDroppedState(inst, state);
        return inst;
      }
      const what = inst instanceof TensorSpec ? 'a Tensor (the legacy set_ form)' : inst instanceof PyDict ? 'a dict with a non-dict state' : typeof inst;
      throw new TorchError(`The pickle sets the state of ${what}; the restricted unpickler builds only Parameters and OrderedDicts`);
    },
    persistentLoad(pid) {
      if (!isTuple(pid, tuples) || pid.length < 2) throw new TorchError('The pickle names a persistent object that is not a storage: only storages are allowed');
      const [kind, storageType] = pid;
      const kindName = kind instanceof Uint8Array ? new TextDecoder().decode(kind) : kind;
      if (kindName !== 'storage') throw new TorchError(`The pickle names a persistent object of kind ${String(kindName)}: only storages are allowed`);
      if (!(storageType instanceof AllowedGlobal) || storageType.storageDType === undefined) {
        throw new TorchError('The pickle names a storage without a storage class (the file is damaged or not made by torch.save)');
      }
      return loadStorage(pid, storageType.storageDType);
    },
  };
}

/**
 * `torch.load`: reads what `torch.save` writes. The zip format (PyTorch ≥ 1.6): `<archive>/data.pkl`
 * holds the pickled object, whose tensors name storages by key, each stored in
 * `<archive>/data/<key>`, in the byte order `<archive>/byteorder` gives (little when absent). The
 * legacy format (`_use_new_zipfile_serialization=False`, or PyTorch < 1.6) is a stream of pickles:
 * a magic number, a protocol version, system info, the object, the list of storage keys, then
 * each storage's element count and bytes.
 */
import { TorchError } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { restrictedHooks, type StorageLoader } from './allowed_globals.ts';
import { ByteReader } from './byte_reader.ts';
import { DTYPES, type StoredDType } from './dtypes.ts';
import { describeOther, sniff, type FileFormat } from './formats.ts';
import { elementBudget, Materializer, type LoadWarning, type ProgressCallback } from './materialize.ts';
import { Unpickler } from './pickle_reader.ts';
import { isCount, PyDict, type PyValue } from './py_values.ts';
import { StorageRef, type TensorSpec } from './tensor_spec.ts';
import { finalize, findTensors, type PathKey } from './value_tree.ts';
import { ZipArchive } from './zip_reader.ts';

export interface LoadOptions {
  /**
   * Load only tensors and plain containers, refusing every other global (PyTorch's
   * `weights_only=True`). The default and the only mode: `false` would mean running code from the
   * file, which the engine never does.
   */
  weights_only?: boolean;
  /** Called as tensor data is read: bytes read so far and in all. Lets a worker post progress. */
  onProgress?: ProgressCallback;
  /** Called for each value the conversion changed or dropped (e.g. float64 rounded to float32). */
  onWarning?: (warning: LoadWarning) => void;
}

/** A tensor found in a loaded file, where it was and what it was stored as. */
export interface TensorEntry {
  /** The path's keys joined with '.': `model.rnn.weight_ih_l0`, `optimizer.state.0.exp_avg`. */
  name: string;
  /** The keys and list indices from the top of the file down to the tensor. */
  path: readonly PathKey[];
  tensor: Tensor;
  /** The dtype in the file (the engine holds it as `tensor.dtype`, in float32). */
  dtype: StoredDType;
  shape: readonly number[];
}

/** Everything a load found: the value, its tensors in order, and what the conversion changed. */
export interface LoadResult<V = PyValue> {
  value: V;
  /** Every tensor with its path, in file order; a tensor reachable by two paths is listed twice. */
  tensors: TensorEntry[];
  warnings: LoadWarning[];
  format: FileFormat;
}

/** The magic number the legacy format starts with. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

function storageDType(type: StoredDType | 'untyped'): StoredDType {
  return type === 'untyped' ? 'uint8' : type;
}

/** The folder holding `data.pkl` (PyTorch names it after the file, or `archive`). */
function archivePrefix(zip: ZipArchive): string {
  const pickles = [...zip.entries.keys()].filter((name) => /^[^/]*\/data\.pkl$/.test(name));
  const prefix = pickles[0]?.slice(0, -'data.pkl'.length);
  if (prefix !== undefined && zip.has(`${prefix}constants.pkl`)) {
    throw new TorchError(
      'This is a TorchScript archive (torch.jit.save), which holds code, not a torch.save checkpoint. ' +
        'In Python, load it with torch.jit.load(path) and save its weights with torch.save(model.state_dict(), path)',
    );
  }
  if (prefix === undefined || pickles.length > 1) {
    const names = [...zip.entries.keys()];
    throw new TorchError(
      `This zip archive is not a PyTorch checkpoint: torch.save writes one <archive>/data.pkl, and it has ` +
        `${pickles.length === 0 ? 'none' : pickles.length} (entries: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''})`,
    );
  }
  return prefix;
}

function unpickleZip(bytes: Uint8Array, tuples: WeakSet<unknown[]>): unknown {
  const zip = new ZipArchive(bytes, 'the checkpoint (a zip archive)');
  const prefix = archivePrefix(zip);
  let littleEndian = true;
  if (zip.has(`${prefix}byteorder`)) {
    const order = new TextDecoder().decode(zip.read(`${prefix}byteorder`));
    if (order !== 'little' && order !== 'big') throw new TorchError(`the checkpoint's byteorder record says '${order.slice(0, 20)}', not 'little' or 'big'`);
    littleEndian = order === 'little';
  }
  const storages = new Map<string, StorageRef>();
  const loadStorage: StorageLoader = (pid, type) => {
    const [, , key, , numel] = pid;
    if (typeof key !== 'string' || !isCount(numel)) throw new TorchError('data.pkl names a storage without a key and an element count (the file is damaged)');
    const dtype = storageDType(type);
    const existing = storages.get(key);
    if (existing !== undefined) {
      if (existing.dtype !== dtype) throw new TorchError(`storage '${key}' is named as both ${existing.dtype} and ${dtype} (the file is damaged)`);
      return existing;
    }
    const entry = `${prefix}data/${key}`;
    const ref = new StorageRef(key, dtype, numel, littleEndian, () => {
      if (!zip.has(entry)) throw new TorchError(`storage '${key}' is missing: the checkpoint has no entry ${entry} (the file is incomplete)`);
      return zip.read(entry);
    });
    storages.set(key, ref);
    return ref;
  };
  const pickle = zip.read(`${prefix}data.pkl`);
  return new Unpickler(new ByteReader(pickle, 'data.pkl'), restrictedHooks(loadStorage, tuples), tuples).load();
}

function unpickleLegacy(bytes: Uint8Array, tuples: WeakSet<unknown[]>): unknown {
  const r = new ByteReader(bytes, 'the legacy checkpoint');
  const noStorage: StorageLoader = () => {
    throw new TorchError('the legacy checkpoint names a storage in its header (the file is damaged)');
  };
  const header = restrictedHooks(noStorage, tuples);
  const magic = new Unpickler(r, header, tuples).load();
  if (magic !== LEGACY_MAGIC) {
    throw new TorchError('This is a Python pickle, but not one written by torch.save: it does not start with PyTorch\'s magic number');
  }
  const protocol = new Unpickler(r, header, tuples).load();
  if (protocol !== LEGACY_PROTOCOL) throw new TorchError(`the legacy checkpoint has protocol version ${String(protocol)}; only ${LEGACY_PROTOCOL} exists`);
  const sysInfo = new Unpickler(r, header, tuples).load();
  if (!(sysInfo instanceof PyDict)) throw new TorchError('the legacy checkpoint has no system info record (the file is damaged)');

  // Storage bytes follow the object, so storages are declared now and filled in below.
  const storages = new Map<string, StorageRef>();
  const data = new Map<string, Uint8Array>();
  const loadStorage: StorageLoader = (pid, type) => {
    const [, , rootKey, , numel, view] = pid;
    if (typeof rootKey !== 'string' || !isCount(numel)) throw new TorchError('the legacy checkpoint names a storage without a key and an element count (the file is damaged)');
    const dtype = storageDType(type);
    let root = storages.get(rootKey);
    if (root === undefined) {
      root = new StorageRef(rootKey, dtype, numel, true, () => {
        const found = data.get(rootKey);
        if (found === undefined) throw new TorchError(`storage '${rootKey}' is missing from the legacy checkpoint (the file is incomplete)`);
        return found;
      });
      storages.set(rootKey, root);
    }
    if (root.dtype !== dtype) throw new TorchError(`storage '${rootKey}' is named as both ${root.dtype} and ${dtype} (the file is damaged)`);
    if (view === null || view === undefined) return root;
    const [viewKey, offset, size] = Array.isArray(view) ? view : [];
    if (typeof viewKey !== 'string' || !isCount(offset) || !isCount(size)) throw new TorchError('the legacy checkpoint has a damaged storage view');
    const base = root;
    const itemSize = DTYPES[dtype].size;
    return new StorageRef(viewKey, dtype, size, true, () => base.bytes().subarray(offset * itemSize, (offset + size) * itemSize));
  };
  const root = new Unpickler(r, restrictedHooks(loadStorage, tuples), tuples).load();
  const keys = new Unpickler(r, header, tuples).load();
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new TorchError('the legacy checkpoint has no list of storage keys (the file is damaged)');
  for (const key of keys as string[]) {
    const ref = storages.get(key);
    if (ref === undefined) throw new TorchError(`the legacy checkpoint lists storage '${key}', which its object never uses (the file is damaged)`);
    const numel = r.u64();
    data.set(key, r.bytesView(numel * DTYPES[ref.dtype].size));
  }
  return root;
}

/** Reads the tensors the unpickled `root` names and builds the final value. */
function assemble(root: unknown, tuples: WeakSet<unknown[]>, format: FileFormat, fileBytes: number, options: LoadOptions): LoadResult {
  const found = findTensors(root);
  let total = 0;
  for (const ref of new Set(found.map((f) => f.spec.storage))) total += ref.nbytes;
  const m = new Materializer(total, elementBudget(fileBytes), options.onProgress);
  const made = new Map<TensorSpec, Tensor>();
  const tensors = found.map(({ path, spec }): TensorEntry => {
    const name = path.join('.');
    let tensor = made.get(spec);
    if (tensor === undefined) {
      tensor = m.tensor(spec, name || '<the file itself>');
      made.set(spec, tensor);
      for (const message of spec.notes) m.warnings.push({ name, message });
    }
    return { name, path, tensor, dtype: spec.storage.dtype, shape: spec.size };
  });
  const value = finalize(root, made, tuples) as PyValue;
  for (const w of m.warnings) options.onWarning?.(w);
  return { value, tensors, warnings: m.warnings, format };
}

/**
 * `torch.load` with everything it found: the value, each tensor with its path and stored dtype,
 * and what the conversion to float32 changed.
 *
 * @example
 * const { tensors, warnings } = torch.serialization.read(bytes);
 * for (const t of tensors) console.info(t.name, t.dtype, t.shape); // 'model.rnn.weight_ih_l0' 'float32' [16, 4]
 */
export function read(bytes: Uint8Array, options: LoadOptions = {}): LoadResult {
  if (options.weights_only === false) {
    throw new TorchError(
      'torch.load(bytes, { weights_only: false }) is not supported: it would run code from the file, which the engine never does. ' +
        'weights_only=true (the default) loads every tensor and plain container; save model.state_dict() rather than the model',
    );
  }
  const format = sniff(bytes);
  if (format === 'safetensors') throw new TorchError('This is a safetensors file, not a torch.save file: read it with safetensors.load(bytes)');
  if (format === null) {
    throw new TorchError(
      `Not a PyTorch file: ${describeOther(bytes)}. torch.load reads what torch.save writes: a zip archive ` +
        '(PyTorch 1.6 and later) or the legacy pickle format',
    );
  }
  const tuples = new WeakSet<unknown[]>();
  const root = format === 'torch-zip' ? unpickleZip(bytes, tuples) : unpickleLegacy(bytes, tuples);
  return assemble(root, tuples, format, bytes.length, options);
}

/**
 * Reads a file written by PyTorch's `torch.save` (or the engine's): tensors become engine
 * tensors on the CPU (in float32; `onWarning` says where that rounds), dicts keep their order,
 * and any global other than what tensors and plain containers need is refused, never called.
 *
 * @example
 * const model = new torch.nn.RNN(4, 16);
 * model.load_state_dict(torch.load(bytes) as Record<string, torch.Tensor>); // bytes of torch.save(model.state_dict(), path)
 *
 * const ckpt = torch.load(bytes) as { model: Record<string, torch.Tensor>; epoch: number };
 * ckpt.epoch; // 12
 */
export function load(bytes: Uint8Array, options: LoadOptions = {}): PyValue {
  return read(bytes, options).value;
}

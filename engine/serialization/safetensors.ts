/**
 * safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of JSON (`{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
 * "__metadata__": {"key": "value"}}`, padded with spaces), then the tensors' raw little-endian
 * bytes, back to back in offset order. No code, no pickles: the header is validated as the
 * reference implementation does (size limit, dtypes, shapes against byte lengths, offsets that
 * cover the data exactly, without gaps or overlaps).
 */
import { TorchError } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { ByteReader, decodeUtf8 } from './byte_reader.ts';
import { DTYPES, safetensorsDType, STORED_DTYPES, type StoredDType } from './dtypes.ts';
import { elementBudget, Materializer, type LoadWarning } from './materialize.ts';
import { isCount } from './py_values.ts';
import { StorageRef, TensorSpec } from './tensor_spec.ts';
import type { LoadOptions, LoadResult, TensorEntry } from './torch_load.ts';
import { contiguousStrides } from '../tensor/shape.ts';

/** The reference implementation refuses headers larger than this. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** Complex and other codes the format defines that the engine cannot hold. */
const UNSUPPORTED_CODES = new Set(['C64', 'C128', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2']);

export { save } from './safetensors_writer.ts';

interface HeaderEntry {
  name: string;
  dtype: StoredDType;
  shape: number[];
  begin: number;
  end: number;
}

interface Header {
  entries: HeaderEntry[];
  metadata: Record<string, string> | null;
  dataStart: number;
}

function fail(detail: string): TorchError {
  return new TorchError(`Not a valid safetensors file: ${detail}`);
}

function parseMetadata(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`"${METADATA_KEY}" must be an object of strings`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`"${METADATA_KEY}" must map strings to strings, but "${k}" is ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return value as Record<string, string>;
}

function parseEntry(name: string, info: unknown): HeaderEntry {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) throw fail(`the entry "${name}" is not an object`);
  const { dtype: code, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof code !== 'string') throw fail(`the entry "${name}" has no dtype`);
  const dtype = safetensorsDType(code);
  if (dtype === undefined) {
    const known = STORED_DTYPES.map((d) => DTYPES[d].safetensors).join(', ');
    throw UNSUPPORTED_CODES.has(code)
      ? new TorchError(`safetensors: the tensor "${name}" has dtype ${code}, which the engine has no form for (it reads ${known})`)
      : fail(`the tensor "${name}" has the unknown dtype "${code.slice(0, 20)}" (known: ${known})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw fail(`the tensor "${name}" has a shape that is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0]! > offsets[1]!) {
    throw fail(`the tensor "${name}" needs data_offsets [begin, end] with 0 <= begin <= end`);
  }
  let numel = 1;
  for (const d of shape as number[]) numel *= d;
  const nbytes = numel * DTYPES[dtype].size;
  const [begin, end] = offsets as [number, number];
  if (nbytes !== end - begin) {
    throw fail(`the tensor "${name}" of shape [${shape.join(', ')}] and dtype ${code} needs ${nbytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/**
 * The validated header. With `wholeFile` false, `bytes` may stop after the header (the data is
 * not checked), so the metadata of a large file can be read from its first bytes.
 */
function parseHeader(bytes: Uint8Array, wholeFile = true): Header {
  if (bytes.length < 8) throw fail(`it has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const r = new ByteReader(bytes, 'the safetensors file');
  let n: number;
  try {
    n = r.u64();
  } catch {
    throw fail('its header length is beyond 2^53 bytes');
  }
  if (n > MAX_HEADER_BYTES) throw fail(`its header length ${n} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes`);
  if (8 + n > bytes.length) throw fail(`its header is ${n} bytes long, but the file ends after ${bytes.length - 8} (truncated?)`);
  const text = decodeUtf8(bytes.subarray(8, 8 + n), 'the safetensors header');
  if (!text.startsWith('{')) throw fail('its header does not start with "{"');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw fail(`its header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('its header is not a JSON object');
  let metadata: Record<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = parseMetadata(info);
    else entries.push(parseEntry(name, info));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of entries) {
    if (e.begin !== covered) {
      throw fail(`the data of "${e.name}" starts at byte ${e.begin}, but the previous tensor's ends at ${covered} (the format allows no gaps or overlaps)`);
    }
    covered = e.end;
  }
  const dataLength = bytes.length - 8 - n;
  if (wholeFile && covered !== dataLength) {
    throw fail(`its tensors cover ${covered} bytes of data, but the file holds ${dataLength} after the header (${covered > dataLength ? 'truncated' : 'trailing bytes'})`);
  }
  return { entries, metadata, dataStart: 8 + n };
}

/** Sets `obj[key]` as an own property even for "__proto__", which assignment would treat as the prototype. */
function define(obj: Record<string, Tensor>, key: string, value: Tensor): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `safetensors.load` with everything it found: the tensors by name, each with its stored dtype,
 * in file order, the metadata, and what the conversion to float32 changed.
 *
 * @example
 * const { tensors, metadata } = safetensors.read(bytes);
 * tensors.map((t) => `${t.name} ${t.dtype} [${t.shape}]`); // ['rnn.weight_ih_l0 bfloat16 [16,4]', ...]
 */
export function read(bytes: Uint8Array, options: Omit<LoadOptions, 'weights_only'> = {}): LoadResult<Record<string, Tensor>> & { metadata: Record<string, string> | null } {
  const header = parseHeader(bytes);
  const total = header.entries.reduce((sum, e) => sum + (e.end - e.begin), 0);
  const m = new Materializer(total, elementBudget(bytes.length), options.onProgress);
  const value: Record<string, Tensor> = {};
  const tensors = header.entries.map((e): TensorEntry => {
    const numel = (e.end - e.begin) / DTYPES[e.dtype].size;
    const ref = new StorageRef(e.name, e.dtype, numel, true, () => bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end));
    const tensor = m.tensor(new TensorSpec(ref, 0, e.shape, contiguousStrides(e.shape), false, false), e.name);
    define(value, e.name, tensor);
    return { name: e.name, path: [e.name], tensor, dtype: e.dtype, shape: e.shape };
  });
  const warnings: LoadWarning[] = m.warnings;
  for (const w of warnings) options.onWarning?.(w);
  return { value, tensors, warnings, format: 'safetensors', metadata: header.metadata };
}

/**
 * Reads a safetensors file: tensors by name (CPU, float32 in the engine; `onWarning` says where
 * that rounds, e.g. F64 or I64 beyond 2^24), in file order.
 *
 * @example
 * model.load_state_dict(safetensors.load(bytes)); // bytes of safetensors.torch.save_file(model.state_dict(), path)
 */
export function load(bytes: Uint8Array, options: Omit<LoadOptions, 'weights_only'> = {}): Record<string, Tensor> {
  return read(bytes, options).value;
}

/**
 * The file's `__metadata__` (string to string), or null when it has none. Reads and validates
 * only the header, so the first 8 + N bytes of a large file are enough.
 *
 * @example
 * safetensors.metadata(safetensors.save(sd, { format: 'pt' })); // { format: 'pt' }
 * safetensors.metadata(await file.slice(0, 1 << 20).bytes()); // without reading the tensors
 */
export function metadata(bytes: Uint8Array): Record<string, string> | null {
  return parseHeader(bytes, false).metadata;
}

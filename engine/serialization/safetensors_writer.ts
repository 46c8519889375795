/**
 * Writing safetensors as the reference implementation does: tensors ordered by alignment (8-byte
 * dtypes first, then 4, then 1; the given order within each), the JSON header padded with spaces
 * to a multiple of 8 bytes, so every tensor's data starts aligned to its element size.
 */
import { TorchError } from '../errors.ts';
import { Tensor, type DType } from '../tensor/tensor.ts';
import { DTYPES, type StoredDType } from './dtypes.ts';
import { checkReadable, storageBytes } from './tensor_bytes.ts';

const STORED: Record<DType, StoredDType> = { float32: 'float32', int64: 'int64', bool: 'bool' };

/**
 * Encodes tensors (CPU) by name as a safetensors file, with optional string metadata (for
 * example `{ format: 'pt' }`, which `safetensors.torch.save_file` writes). float32, int64 and
 * bool tensors keep their dtype.
 *
 * @example
 * const bytes = safetensors.save(model.state_dict(), { format: 'pt' });
 * // Python: model.load_state_dict(safetensors.torch.load_file("model.safetensors"))
 */
export function save(tensors: Record<string, Tensor> | ReadonlyMap<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const named: [string, Tensor][] = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, Tensor>);
  for (const [name, t] of named) {
    if (typeof name !== 'string' || name === '__metadata__') throw new TorchError(`safetensors.save: "${String(name)}" cannot be a tensor name`);
    if (!(t instanceof Tensor)) throw new TorchError(`safetensors.save: "${name}" is not a Tensor; safetensors holds only tensors (put other values in the metadata, as strings)`);
    checkReadable(t, 'safetensors.save', `"${name}"`);
  }
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TorchError(`safetensors.save: metadata values must be strings, but "${k}" is a ${typeof v}`);
    }
  }
  const size = (t: Tensor): number => DTYPES[STORED[t.dtype]].size;
  // A stable sort: the given order within each element size.
  const ordered = [...named].sort((a, b) => size(b[1]) - size(a[1]));

  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let offset = 0;
  const data: Uint8Array[] = [];
  for (const [name, t] of ordered) {
    const bytes = storageBytes(t.storage, t.numel(), t.dtype, 'safetensors.save');
    const info = { dtype: DTYPES[STORED[t.dtype]].safetensors, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    data.push(bytes);
    offset += bytes.length;
  }
  // Built by hand: JSON.stringify would move array-index names ("0") ahead of the others.
  let header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  if (padded !== header.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(header);
    header = withSpaces;
  }
  const out = new Uint8Array(8 + header.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  let at = 8 + header.length;
  for (const bytes of data) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/**
 * Writing a zip archive the way PyTorch's `PyTorchStreamWriter` does: entries stored
 * uncompressed, each one's data starting on a 64-byte boundary, padded by an extra field with
 * id "FB" filled with 'Z', so a reader can map tensors straight out of the file. fflate does the
 * zip bookkeeping (headers, CRC-32, central directory).
 */
import { zipSync, type Zippable } from 'fflate';

const ALIGNMENT = 64;
/** The extra-field id PyTorch pads with: the bytes "FB" read as a little-endian u16. */
const PADDING_FIELD_ID = 0x4246;
const LOCAL_HEADER_SIZE = 30;
const EXTRA_FIELD_HEADER_SIZE = 4;
/** A fixed timestamp (zip's earliest date), so the same object always saves to the same bytes. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Encodes `[name, data]` pairs, in order, as a stored zip with 64-byte-aligned data. */
export function writeAlignedZip(files: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const encoder = new TextEncoder();
  const zippable: Zippable = {};
  let offset = 0;
  for (const [name, data] of files) {
    const headerEnd = offset + LOCAL_HEADER_SIZE + encoder.encode(name).length + EXTRA_FIELD_HEADER_SIZE;
    const padding = (ALIGNMENT - (headerEnd % ALIGNMENT)) % ALIGNMENT;
    zippable[name] = [data, { level: 0, mtime: FIXED_MTIME, extra: { [PADDING_FIELD_ID]: new Uint8Array(padding).fill(0x5a) } }];
    offset = headerEnd + padding + data.length;
  }
  return zipSync(zippable);
}

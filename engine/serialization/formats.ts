/**
 * Telling file formats apart from their first bytes, so a wrong file gets a message that says
 * what it is ("a NumPy .npy file") rather than a parse error from the wrong reader.
 */
import { hexPrefix } from './byte_reader.ts';
import { looksLikeZip } from './zip_reader.ts';

/**
 * The formats the loaders read: PyTorch's zip checkpoint (`torch.save`, PyTorch ≥ 1.6), its
 * legacy pickle stream (`_use_new_zipfile_serialization=False`, or PyTorch < 1.6), and safetensors.
 */
export type FileFormat = 'torch-zip' | 'torch-legacy' | 'safetensors';

function startsWith(bytes: Uint8Array, text: string, at = 0): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Whether the bytes look like a safetensors file: an 8-byte header length, then '{'. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return view.getUint32(4, true) === 0 && view.getUint32(0, true) <= bytes.length - 8;
}

/**
 * Which format the bytes are in, from their first bytes alone, or null when none.
 *
 * @example
 * torch.serialization.sniff(bytes) === 'safetensors' ? safetensors.load(bytes) : torch.load(bytes);
 */
export function sniff(bytes: Uint8Array): FileFormat | null {
  if (looksLikeZip(bytes)) return 'torch-zip';
  // A pickle stream starts with PROTO 2..5 (torch.save's legacy format writes protocol 2).
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5) return 'torch-legacy';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  return null;
}

/** What a file that is none of the formats seems to be, for the error message. */
export function describeOther(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  if (startsWith(bytes, 'ustar', 257)) {
    return 'a tar archive: the format of PyTorch before 0.4. Re-save it with a current PyTorch: torch.save(torch.load(path), new_path)';
  }
  if (startsWith(bytes, '\x93NUMPY')) return 'a NumPy .npy file';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'a gzip-compressed file (decompress it first)';
  if (startsWith(bytes, '\x89HDF')) return 'an HDF5 file (a Keras/TensorFlow model?)';
  if (bytes[0] === 0x80) return `a pickle of protocol ${bytes[1]}, which torch.save never writes`;
  const text = bytes.subarray(0, 64).every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
  if (text) return 'a text file';
  return `a file starting with the bytes ${hexPrefix(bytes)}`;
}

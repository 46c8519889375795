/**
 * Hand-assembled pickles and checkpoint archives for the hostile-input tests: what a crafted file
 * could hold that torch.save never writes.
 */
import { writeAlignedZip } from '../serialization/zip_writer.ts';

export type PicklePart = number | string | Uint8Array | readonly number[];

/** Opcode bytes and raw strings (each char one byte) concatenated. */
export function bytesOf(...parts: PicklePart[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0) & 0xff);
    else for (const b of p) out.push(b);
  }
  return Uint8Array.from(out);
}

/** BINUNICODE: 'X', a u32 length, UTF-8 bytes. */
export function str(s: string): Uint8Array {
  const utf8 = new TextEncoder().encode(s);
  return bytesOf('X', u32(utf8.length), utf8);
}

export function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** BININT: 'J' and a little-endian i32. */
export function int(v: number): Uint8Array {
  return bytesOf('J', u32(v >>> 0));
}

/** A whole pickle: PROTO 2, the body, STOP. */
export function pickle(...body: PicklePart[]): Uint8Array {
  return bytesOf(0x80, 2, ...body, '.');
}

/** The pickle pushing a float32 tensor over storage `key` (`numel` elements) with the given view. */
export function tensorOps(key: string, numel: number, offset: number, size: number[], stride: number[]): Uint8Array {
  const tupleOf = (xs: number[]): Uint8Array => bytesOf('(', ...xs.map(int), 't');
  return bytesOf(
    'ctorch._utils\n_rebuild_tensor_v2\n', '(',
    '(', str('storage'), 'ctorch\nFloatStorage\n', str(key), str('cpu'), int(numel), 't', 'Q',
    int(offset), tupleOf(size), tupleOf(stride), 0x89, 'ccollections\nOrderedDict\n', ')', 'R',
    't', 'R',
  );
}

/** A torch.save-shaped zip around `dataPkl`, with storages by key. */
export function checkpointZip(dataPkl: Uint8Array, storages: Record<string, Uint8Array> = {}): Uint8Array {
  return writeAlignedZip([
    ['archive/data.pkl', dataPkl],
    ...Object.entries(storages).map(([k, v]): [string, Uint8Array] => [`archive/data/${k}`, v]),
    ['archive/version', new TextEncoder().encode('3\n')],
  ]);
}

export function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

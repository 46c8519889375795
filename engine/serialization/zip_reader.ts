/**
 * Reading a zip archive in place: the central directory (with ZIP64, which PyTorch writes) names
 * each entry, and a stored entry is returned as a view of the file's own bytes, so a 200 MB
 * checkpoint is never copied to be read. Deflated entries (a checkpoint re-zipped by another
 * tool) go through fflate. Every entry's CRC-32 is checked on first read, as PyTorch 1.13's reader
 * does, except where the archive records 0: PyTorch 2.x writes that when saving with
 * `torch.serialization.set_crc32_options(False)`, and its reader checks nothing.
 */
import { inflateSync } from 'fflate';
import { TorchError } from '../errors.ts';
import { ByteReader } from './byte_reader.ts';
import { crc32 } from './crc32.ts';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Deflate never expands data by more than this factor, so a larger claim is a zip bomb or damage. */
const MAX_DEFLATE_RATIO = 1032;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const names = new TextDecoder('utf-8');

/** True when the bytes begin like a zip archive (a local file header or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && bytes[3] === bytes[2] + 1;
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly verified = new Set<string>();

  /**
   * Indexes the archive's central directory; throws a TorchError saying what is damaged.
   * `what` names the file in messages.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly what = 'the zip archive',
  ) {
    const { count, cdOffset, cdSize } = this.findDirectory();
    const r = new ByteReader(bytes.subarray(0, cdOffset + cdSize), `${what}'s central directory`, cdOffset);
    for (let i = 0; i < count; i++) {
      const entry = this.readCentralEntry(r);
      if (this.entries.has(entry.name)) throw new TorchError(`${what} lists the entry '${entry.name}' twice`);
      this.entries.set(entry.name, entry);
    }
  }

  private damaged(detail: string): TorchError {
    return new TorchError(`${this.what} is damaged or truncated: ${detail}`);
  }

  private findDirectory(): { count: number; cdOffset: number; cdSize: number } {
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const lowest = Math.max(0, b.length - 22 - 0xffff);
    let at = -1;
    for (let i = b.length - 22; i >= lowest; i--) {
      if (view.getUint32(i, true) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw this.damaged('its end-of-directory record is missing (the file was probably cut short)');
    const r = new ByteReader(b, this.what, at + 10);
    let count = r.u16();
    let cdSize = r.u32();
    let cdOffset = r.u32();
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      if (at < 20 || view.getUint32(at - 20, true) !== ZIP64_LOCATOR) throw this.damaged('its ZIP64 locator is missing');
      const z = new ByteReader(b, this.what, at - 12);
      const eocd64 = z.u64();
      if (eocd64 + 56 > b.length || view.getUint32(eocd64, true) !== ZIP64_EOCD) throw this.damaged('its ZIP64 directory record is missing');
      const r64 = new ByteReader(b, this.what, eocd64 + 32);
      count = r64.u64();
      cdSize = r64.u64();
      cdOffset = r64.u64();
    }
    if (cdOffset + cdSize > b.length) {
      throw this.damaged(`its central directory (offset ${cdOffset}, ${cdSize} bytes) lies beyond the end of the file (${b.length} bytes)`);
    }
    if (count * 46 > cdSize) throw this.damaged(`its directory claims ${count} entries in ${cdSize} bytes`);
    return { count, cdOffset, cdSize };
  }

  private readCentralEntry(r: ByteReader): ZipEntry {
    const start = r.pos;
    if (r.u32() !== CENTRAL) throw this.damaged(`no directory entry at offset ${start}`);
    r.pos += 4; // versions
    const flags = r.u16();
    const method = r.u16();
    r.pos += 4; // time, date
    const crc = r.u32();
    let compressedSize = r.u32();
    let size = r.u32();
    const nameLength = r.u16();
    const extraLength = r.u16();
    const commentLength = r.u16();
    r.pos += 8; // disk, attributes
    let localHeaderOffset = r.u32();
    const name = names.decode(r.bytesView(nameLength));
    const extra = new ByteReader(r.bytesView(extraLength), `${this.what}: the extra field of '${name}'`);
    r.bytesView(commentLength);
    while (extra.remaining >= 4) {
      const id = extra.u16();
      const field = new ByteReader(extra.bytesView(extra.u16()), `${this.what}: the ZIP64 field of '${name}'`);
      if (id !== 0x0001) continue;
      if (size === 0xffffffff) size = field.u64();
      if (compressedSize === 0xffffffff) compressedSize = field.u64();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = field.u64();
    }
    if (flags & 1) throw new TorchError(`${this.what}: the entry '${name}' is encrypted, which PyTorch files never are`);
    return { name, method, crc, compressedSize, size, localHeaderOffset };
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Where an entry's data starts, from its local header. */
  private dataStart(entry: ZipEntry): number {
    const r = new ByteReader(this.bytes, this.what, entry.localHeaderOffset);
    if (entry.localHeaderOffset + 30 > this.bytes.length || r.u32() !== LOCAL) {
      throw this.damaged(`the entry '${entry.name}' has no local header at offset ${entry.localHeaderOffset}`);
    }
    r.pos = entry.localHeaderOffset + 26;
    const nameLength = r.u16();
    const extraLength = r.u16();
    const start = r.pos + nameLength + extraLength;
    if (start + entry.compressedSize > this.bytes.length) {
      throw this.damaged(`the entry '${entry.name}' needs ${entry.compressedSize} bytes from offset ${start}, but the file ends at ${this.bytes.length}`);
    }
    return start;
  }

  /**
   * An entry's bytes: a view into the archive for a stored entry (no copy), a new array for a
   * deflated one. The CRC-32 is checked on the first read.
   */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new TorchError(`${this.what} has no entry '${name}'`);
    const start = this.dataStart(entry);
    const raw = this.bytes.subarray(start, start + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.size !== entry.compressedSize) throw this.damaged(`the stored entry '${name}' has two different sizes`);
      data = raw;
    } else if (entry.method === 8) {
      if (entry.size > raw.length * MAX_DEFLATE_RATIO + 1024) {
        throw this.damaged(`the entry '${name}' claims to inflate ${raw.length} bytes to ${entry.size}, more than deflate can`);
      }
      data = new Uint8Array(entry.size);
      try {
        const out = inflateSync(raw, { out: data });
        if (out.length !== entry.size) throw new Error(`inflated to ${out.length} bytes, not ${entry.size}`);
      } catch (e) {
        throw this.damaged(`the entry '${name}' does not inflate (${e instanceof Error ? e.message : String(e)})`);
      }
    } else {
      throw new TorchError(`${this.what}: the entry '${name}' uses compression method ${entry.method}; only stored (0) and deflate (8) entries can be read`);
    }
    if (!this.verified.has(name)) {
      if (entry.crc !== 0 && crc32(data) !== entry.crc) throw this.damaged(`the entry '${name}' fails its CRC-32 check (its bytes were changed)`);
      this.verified.add(name);
    }
    return data;
  }
}

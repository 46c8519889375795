/**
 * A bounds-checked cursor over untrusted bytes: every read that would run past the end throws a
 * TorchError naming the part of the file and how much was missing, never a RangeError.
 */
import { TorchError } from '../errors.ts';

export class ByteReader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    /** What these bytes are, for messages: "data.pkl", "the legacy file". */
    readonly what: string,
    start = 0,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws unless `n` more bytes exist; returns the position they start at. */
  private take(n: number): number {
    if (n > this.remaining) {
      throw new TorchError(
        `${this.what} is truncated: ${n} more byte${n === 1 ? '' : 's'} needed at offset ${this.pos}, ` +
          `but it ends at ${this.bytes.length}`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.bytes[this.take(1)]!;
  }

  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }

  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  i32(): number {
    return this.view.getInt32(this.take(4), true);
  }

  /** A little-endian unsigned 64-bit integer, exact up to 2^53 and refused above. */
  u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    if (hi >= 0x200000) throw new TorchError(`${this.what}: a 64-bit size at offset ${this.pos - 8} is beyond 2^53`);
    return hi * 0x100000000 + lo;
  }

  /** A big-endian float64 (pickle's BINFLOAT). */
  f64be(): number {
    return this.view.getFloat64(this.take(8), false);
  }

  /** `n` bytes as a view into the same memory (no copy). */
  bytesView(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }

  /** The bytes up to the next newline (excluded), reading at most `limit` bytes. */
  line(limit: number): Uint8Array {
    const found = this.bytes.subarray(this.pos, this.pos + limit + 1).indexOf(0x0a);
    if (found < 0) {
      throw new TorchError(`${this.what}: expected a line of at most ${limit} bytes at offset ${this.pos}`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + found);
    this.pos += found + 1;
    return out;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 decoding: invalid bytes are a TorchError naming `what`. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new TorchError(`${what} is not valid UTF-8`);
  }
}

/** The first bytes of a file in hex, for "this is not a ... file" messages. */
export function hexPrefix(bytes: Uint8Array, n = 8): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

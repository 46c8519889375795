/**
 * Writing pickle protocol 2, with only the opcodes PyTorch 1.13's `weights_only=True` unpickler
 * reads (plus BINFLOAT, which it lacks and 2.x reads: see `torch_save.ts`). A growing byte buffer
 * with one method per opcode family; what to write is `torch_save.ts`'s business.
 */

const OP = {
  PROTO: 0x80, STOP: 0x2e, MARK: 0x28, NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89,
  BININT1: 0x4b, BININT2: 0x4d, BININT: 0x4a, LONG1: 0x8a, BINFLOAT: 0x47, BINUNICODE: 0x58,
  EMPTY_LIST: 0x5d, APPENDS: 0x65, EMPTY_DICT: 0x7d, SETITEMS: 0x75,
  EMPTY_TUPLE: 0x29, TUPLE: 0x74, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87,
  GLOBAL: 0x63, REDUCE: 0x52, BINPERSID: 0x51, BINGET: 0x68, LONG_BINGET: 0x6a, BINPUT: 0x71, LONG_BINPUT: 0x72,
} as const;

/** pickle's batch size for APPENDS and SETITEMS. */
export const BATCH = 1000;

export class PickleWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private length = 0;
  private readonly encoder = new TextEncoder();
  private memoSize = 0;

  constructor() {
    this.byte(OP.PROTO);
    this.byte(2);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  private u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  mark(): void { this.byte(OP.MARK); }
  none(): void { this.byte(OP.NONE); }
  bool(v: boolean): void { this.byte(v ? OP.NEWTRUE : OP.NEWFALSE); }
  emptyList(): void { this.byte(OP.EMPTY_LIST); }
  appends(): void { this.byte(OP.APPENDS); }
  emptyDict(): void { this.byte(OP.EMPTY_DICT); }
  setItems(): void { this.byte(OP.SETITEMS); }
  reduce(): void { this.byte(OP.REDUCE); }
  persistentId(): void { this.byte(OP.BINPERSID); }

  /** An int of any size, in the shortest opcode that holds it. */
  int(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v < 0x100) {
      this.byte(OP.BININT1);
      this.byte(v);
    } else if (typeof v === 'number' && v >= 0 && v < 0x10000) {
      this.byte(OP.BININT2);
      this.byte(v & 0xff);
      this.byte(v >> 8);
    } else if (typeof v === 'number' && v >= -0x80000000 && v < 0x80000000) {
      this.byte(OP.BININT);
      this.reserve(4);
      this.view.setInt32(this.length, v, true);
      this.length += 4;
    } else {
      const bytes = encodeLong(BigInt(v));
      this.byte(OP.LONG1);
      this.byte(bytes.length);
      this.raw(bytes);
    }
  }

  float(v: number): void {
    this.byte(OP.BINFLOAT);
    this.reserve(8);
    this.view.setFloat64(this.length, v, false);
    this.length += 8;
  }

  str(s: string): void {
    const bytes = this.encoder.encode(s);
    this.byte(OP.BINUNICODE);
    this.u32(bytes.length);
    this.raw(bytes);
  }

  /** Closes a tuple of `n` items pushed since `mark()` (or, for n ≤ 3, pushed without one). */
  tuple(n: number, marked: boolean): void {
    if (!marked && n <= 3) this.byte([OP.EMPTY_TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3][n]!);
    else this.byte(OP.TUPLE);
  }

  global(module: string, name: string): void {
    this.byte(OP.GLOBAL);
    this.raw(this.encoder.encode(`${module}\n${name}\n`));
  }

  /** Remembers the value on top of the stack; returns its memo index. */
  put(): number {
    const index = this.memoSize++;
    if (index < 0x100) {
      this.byte(OP.BINPUT);
      this.byte(index);
    } else {
      this.byte(OP.LONG_BINPUT);
      this.u32(index);
    }
    return index;
  }

  get(index: number): void {
    if (index < 0x100) {
      this.byte(OP.BINGET);
      this.byte(index);
    } else {
      this.byte(OP.LONG_BINGET);
      this.u32(index);
    }
  }

  /** The finished pickle. */
  finish(): Uint8Array {
    this.byte(OP.STOP);
    return this.buf.slice(0, this.length);
  }
}

/** Little-endian two's complement in the fewest bytes (pickle's `encode_long`). */
export function encodeLong(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const out: number[] = [];
  let rest = v;
  for (;;) {
    const b = Number(BigInt.asUintN(8, rest));
    out.push(b);
    rest >>= 8n;
    // Done when the remaining bits are all sign and the last byte's top bit agrees with it.
    if ((rest === 0n && (b & 0x80) === 0) || (rest === -1n && (b & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

/**
 * A pickle reader for data: the opcodes of protocols 2 to 5 that build values (numbers, strings,
 * containers, memo references), with every opcode that names or calls Python code (GLOBAL,
 * REDUCE, NEWOBJ, BUILD, persistent ids) handed to {@link PickleHooks}, which decide what is
 * allowed. Nothing here ever runs code. It is a loop over a stack (no recursion), each opcode
 * consumes input, and every read is bounds-checked, so hostile bytes end in a TorchError in time
 * proportional to their length.
 */
import { TorchError } from '../errors.ts';
import { decodeUtf8, type ByteReader } from './byte_reader.ts';
import { PyDict } from './py_values.ts';

/** The decisions a restricted unpickler makes; each returns the value to push, or throws. */
export interface PickleHooks {
  /** GLOBAL / STACK_GLOBAL `module.name`. */
  global(module: string, name: string): unknown;
  /** REDUCE: `func(*args)`. */
  reduce(func: unknown, args: readonly unknown[]): unknown;
  /** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args)`. */
  newobj(cls: unknown, args: readonly unknown[]): unknown;
  /** BUILD: `inst.__setstate__(state)`; returns the (possibly replaced) instance. */
  build(inst: unknown, state: unknown): unknown;
  /** BINPERSID: the object a persistent id names (a storage, for PyTorch). */
  persistentLoad(pid: unknown): unknown;
}

/** Integers longer than this are refused: no checkpoint needs them, and they cost quadratic time. */
const MAX_INT_BYTES = 1024;
/** Strings and byte strings are views of the input, so their size is bounded by it; names are short. */
const MAX_GLOBAL_NAME = 1024;

const OPCODE_NAMES: Record<number, string> = {
  0x49: 'INT', 0x4c: 'LONG', 0x46: 'FLOAT', 0x53: 'STRING', 0x56: 'UNICODE', 0x70: 'PUT', 0x67: 'GET',
  0x50: 'PERSID', 0x69: 'INST', 0x6f: 'OBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

/** Little-endian two's complement bytes as a number when exact, else a bigint. */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  if (bytes.length <= 6) {
    let v = 0;
    for (let i = bytes.length - 1; i >= 0; i--) v = v * 256 + bytes[i]!;
    return bytes[bytes.length - 1]! & 0x80 ? v - 2 ** (8 * bytes.length) : v;
  }
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
  let v = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1]! & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export class Unpickler {
  private stack: unknown[] = [];
  private readonly marks: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();

  constructor(
    private readonly r: ByteReader,
    private readonly hooks: PickleHooks,
    /** Arrays that are Python tuples (to be frozen once the whole file is read). */
    readonly tuples: WeakSet<unknown[]>,
  ) {}

  private fail(detail: string, at = this.r.pos): TorchError {
    return new TorchError(`${this.r.what} is not a valid pickle: ${detail} (at byte ${at})`);
  }

  /** Pushes onto the current stack, read after the argument is evaluated (popMark may replace it). */
  private push(v: unknown): void {
    this.stack.push(v);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw this.fail('the stack is empty where a value was expected');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw this.fail('the stack is empty where a value was expected');
    return this.stack[this.stack.length - 1];
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const outer = this.marks.pop();
    if (outer === undefined) throw this.fail('an opcode needs a MARK that was never set');
    this.stack = outer;
    return items;
  }

  private makeTuple(items: unknown[]): unknown[] {
    this.tuples.add(items);
    return items;
  }

  private list(what: string): unknown[] {
    const target = this.top();
    if (!Array.isArray(target) || this.tuples.has(target)) throw this.fail(`${what} can only add to a list`);
    return target;
  }

  private dict(what: string): PyDict {
    const target = this.top();
    if (!(target instanceof PyDict)) throw this.fail(`${what} can only set items of a dict`);
    return target;
  }

  private setItems(dict: PyDict, items: readonly unknown[]): void {
    if (items.length % 2 !== 0) throw this.fail('SETITEMS got a key without a value');
    for (let i = 0; i < items.length; i += 2) dict.entries.set(items[i], items[i + 1]);
  }

  private str(n: number, what: string): string {
    return decodeUtf8(this.r.bytesView(n), `a string in ${this.r.what} (${what})`);
  }

  private int(n: number): number | bigint {
    if (n > MAX_INT_BYTES) throw this.fail(`an integer of ${n} bytes is longer than the ${MAX_INT_BYTES} bytes allowed`);
    return decodeLong(this.r.bytesView(n));
  }

  private memoGet(index: number): unknown {
    if (!this.memo.has(index)) throw this.fail(`memo entry ${index} is read before it is written`);
    return this.memo.get(index);
  }

  /** Reads one pickle (up to and including STOP) and returns its value. */
  load(): unknown {
    const r = this.r;
    for (;;) {
      const at = r.pos;
      const op = r.u8();
      switch (op) {
        case 0x80: { // PROTO
          const proto = r.u8();
          if (proto > 5) throw this.fail(`pickle protocol ${proto} is newer than the 5 this reader knows`, at);
          break;
        }
        case 0x95: // FRAME: a length hint; the bytes follow inline
          r.u64();
          break;
        case 0x2e: // STOP
          return this.pop();
        case 0x28: // MARK
          this.marks.push(this.stack);
          this.stack = [];
          break;
        case 0x30: // POP
          this.pop();
          break;
        case 0x31: // POP_MARK
          this.popMark();
          break;
        case 0x32: // DUP
          this.push(this.top());
          break;
        case 0x4e: this.push(null); break; // NONE
        case 0x88: this.push(true); break; // NEWTRUE
        case 0x89: this.push(false); break; // NEWFALSE
        case 0x4b: this.push(r.u8()); break; // BININT1
        case 0x4d: this.push(r.u16()); break; // BININT2
        case 0x4a: this.push(r.i32()); break; // BININT
        case 0x8a: this.push(this.int(r.u8())); break; // LONG1
        case 0x8b: { // LONG4
          const n = r.i32();
          if (n < 0) throw this.fail('LONG4 has a negative length', at);
          this.push(this.int(n));
          break;
        }
        case 0x47: this.push(r.f64be()); break; // BINFLOAT
        case 0x58: this.push(this.str(r.u32(), 'BINUNICODE')); break;
        case 0x8c: this.push(this.str(r.u8(), 'SHORT_BINUNICODE')); break;
        case 0x8d: this.push(this.str(r.u64(), 'BINUNICODE8')); break;
        // Python 2 `str`: torch.load decodes these as UTF-8 text.
        case 0x55: this.push(this.str(r.u8(), 'SHORT_BINSTRING')); break;
        case 0x54: {
          const n = r.i32();
          if (n < 0) throw this.fail('BINSTRING has a negative length', at);
          this.push(this.str(n, 'BINSTRING'));
          break;
        }
        case 0x43: this.push(r.bytesView(r.u8()).slice()); break; // SHORT_BINBYTES
        case 0x42: this.push(r.bytesView(r.u32()).slice()); break; // BINBYTES
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          this.push(r.bytesView(r.u64()).slice());
          break;
        case 0x5d: this.push([]); break; // EMPTY_LIST
        case 0x6c: this.push(this.popMark()); break; // LIST
        case 0x61: { // APPEND
          const item = this.pop();
          this.list('APPEND').push(item);
          break;
        }
        case 0x65: { // APPENDS
          const items = this.popMark();
          const list = this.list('APPENDS');
          for (const item of items) list.push(item);
          break;
        }
        case 0x7d: this.push(new PyDict()); break; // EMPTY_DICT
        case 0x64: { // DICT
          const dict = new PyDict();
          this.setItems(dict, this.popMark());
          this.push(dict);
          break;
        }
        case 0x73: { // SETITEM
          const value = this.pop();
          const key = this.pop();
          this.dict('SETITEM').entries.set(key, value);
          break;
        }
        case 0x75: { // SETITEMS
          const items = this.popMark();
          this.setItems(this.dict('SETITEMS'), items);
          break;
        }
        case 0x29: this.push(this.makeTuple([])); break; // EMPTY_TUPLE
        case 0x74: this.push(this.makeTuple(this.popMark())); break; // TUPLE
        case 0x85: this.push(this.makeTuple([this.pop()])); break; // TUPLE1
        case 0x86: { // TUPLE2
          const b = this.pop();
          this.push(this.makeTuple([this.pop(), b]));
          break;
        }
        case 0x87: { // TUPLE3
          const c = this.pop();
          const b = this.pop();
          this.push(this.makeTuple([this.pop(), b, c]));
          break;
        }
        case 0x8f: this.push(new Set()); break; // EMPTY_SET
        case 0x90: { // ADDITEMS
          const items = this.popMark();
          const set = this.top();
          if (!(set instanceof Set)) throw this.fail('ADDITEMS can only add to a set', at);
          for (const item of items) set.add(item);
          break;
        }
        case 0x91: this.push(new Set(this.popMark())); break; // FROZENSET
        case 0x68: this.push(this.memoGet(r.u8())); break; // BINGET
        case 0x6a: this.push(this.memoGet(r.u32())); break; // LONG_BINGET
        case 0x71: this.memo.set(r.u8(), this.top()); break; // BINPUT
        case 0x72: this.memo.set(r.u32(), this.top()); break; // LONG_BINPUT
        case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
        case 0x63: { // GLOBAL
          const module = decodeUtf8(r.line(MAX_GLOBAL_NAME), `a GLOBAL name in ${r.what}`);
          const name = decodeUtf8(r.line(MAX_GLOBAL_NAME), `a GLOBAL name in ${r.what}`);
          this.push(this.hooks.global(module, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw this.fail('STACK_GLOBAL needs two strings', at);
          this.push(this.hooks.global(module, name));
          break;
        }
        case 0x52: { // REDUCE
          const args = this.pop();
          const func = this.pop();
          if (!Array.isArray(args)) throw this.fail('REDUCE needs a tuple of arguments', at);
          this.push(this.hooks.reduce(func, args));
          break;
        }
        case 0x81: { // NEWOBJ
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args)) throw this.fail('NEWOBJ needs a tuple of arguments', at);
          this.push(this.hooks.newobj(cls, args));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args) || !(kwargs instanceof PyDict)) throw this.fail('NEWOBJ_EX needs a tuple and a dict', at);
          if (kwargs.entries.size > 0) throw this.fail('NEWOBJ_EX with keyword arguments is not something torch.save writes', at);
          this.push(this.hooks.newobj(cls, args));
          break;
        }
        case 0x62: { // BUILD
          const state = this.pop();
          const inst = this.pop();
          this.push(this.hooks.build(inst, state));
          break;
        }
        case 0x51: // BINPERSID
          this.push(this.hooks.persistentLoad(this.pop()));
          break;
        default: {
          const name = OPCODE_NAMES[op];
          if (name === undefined) throw this.fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`, at);
          throw new TorchError(
            `${r.what} uses the pickle opcode ${name} (at byte ${at}), which torch.save never writes ` +
              `(it saves with protocol 2 or later and no out-of-band buffers); the file was not made by torch.save`,
          );
        }
      }
    }
  }
}

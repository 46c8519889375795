/**
 * The element types a file can hold, their names in PyTorch pickles (storage classes, dtype
 * globals) and in safetensors headers, and the conversion of raw bytes into the engine's float32
 * storage, reporting what the conversion loses.
 */
import type { DType } from '../tensor/tensor.ts';

export type StoredDType =
  | 'float64' | 'float32' | 'float16' | 'bfloat16' | 'float8_e4m3fn' | 'float8_e5m2'
  | 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8' | 'bool';

interface DTypeInfo {
  /** Bytes per element. */
  readonly size: number;
  /** What the engine stores it as (every engine dtype lives in float32). */
  readonly engine: DType;
  /** PyTorch's legacy storage class (`torch.FloatStorage`), where one exists. */
  readonly storageClass?: string;
  /** The safetensors header code. */
  readonly safetensors: string;
}

export const DTYPES: Readonly<Record<StoredDType, DTypeInfo>> = {
  float64: { size: 8, engine: 'float32', storageClass: 'DoubleStorage', safetensors: 'F64' },
  float32: { size: 4, engine: 'float32', storageClass: 'FloatStorage', safetensors: 'F32' },
  float16: { size: 2, engine: 'float32', storageClass: 'HalfStorage', safetensors: 'F16' },
  bfloat16: { size: 2, engine: 'float32', storageClass: 'BFloat16Storage', safetensors: 'BF16' },
  float8_e4m3fn: { size: 1, engine: 'float32', safetensors: 'F8_E4M3' },
  float8_e5m2: { size: 1, engine: 'float32', safetensors: 'F8_E5M2' },
  int64: { size: 8, engine: 'int64', storageClass: 'LongStorage', safetensors: 'I64' },
  int32: { size: 4, engine: 'int64', storageClass: 'IntStorage', safetensors: 'I32' },
  int16: { size: 2, engine: 'int64', storageClass: 'ShortStorage', safetensors: 'I16' },
  int8: { size: 1, engine: 'int64', storageClass: 'CharStorage', safetensors: 'I8' },
  uint64: { size: 8, engine: 'int64', safetensors: 'U64' },
  uint32: { size: 4, engine: 'int64', safetensors: 'U32' },
  uint16: { size: 2, engine: 'int64', safetensors: 'U16' },
  uint8: { size: 1, engine: 'int64', storageClass: 'ByteStorage', safetensors: 'U8' },
  bool: { size: 1, engine: 'bool', storageClass: 'BoolStorage', safetensors: 'BOOL' },
};

export const STORED_DTYPES = Object.keys(DTYPES) as StoredDType[];

/** PyTorch dtypes a file may hold that the engine cannot represent, with what to do instead. */
export const UNSUPPORTED_DTYPES: Readonly<Record<string, string>> = {
  complex32: 'complex', complex64: 'complex', complex128: 'complex',
  qint8: 'quantized', quint8: 'quantized', qint32: 'quantized', quint4x2: 'quantized', quint2x4: 'quantized',
  float8_e4m3fnuz: 'float8', float8_e5m2fnuz: 'float8', float8_e8m0fnu: 'float8', float4_e2m1fn_x2: 'float4',
};

/** The storage class names of unsupported dtypes (`torch.ComplexFloatStorage`), by dtype. */
export const UNSUPPORTED_STORAGE_CLASSES: Readonly<Record<string, string>> = {
  ComplexHalfStorage: 'complex32', ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128',
  QInt8Storage: 'qint8', QUInt8Storage: 'quint8', QInt32Storage: 'qint32', QUInt4x2Storage: 'quint4x2', QUInt2x4Storage: 'quint2x4',
};

/** What a dtype the engine cannot hold would need, for refusal messages. */
export function unsupportedDTypeAdvice(dtype: string): string {
  const kind = UNSUPPORTED_DTYPES[dtype] ?? 'unknown';
  const advice: Record<string, string> = {
    complex: 'save its real and imaginary parts (t.real, t.imag) as two float tensors',
    quantized: 'save t.dequantize() instead',
    float8: 'convert it first, e.g. t.float()',
    float4: 'convert it first, e.g. t.float()',
    unknown: 'convert it to float32 before saving',
  };
  return `dtype ${dtype} has no equivalent in the engine, which holds float32, float64, float16, bfloat16, ` +
    `float8_e4m3fn, float8_e5m2, (u)int8-64 and bool tensors: ${advice[kind]}`;
}

export function safetensorsDType(code: string): StoredDType | undefined {
  return STORED_DTYPES.find((d) => DTYPES[d].safetensors === code);
}

/** What converting values into float32 lost; empty when nothing was. */
export interface Loss {
  /** Values that float32 could not hold exactly (rounded, or beyond its range). */
  changed: number;
  /** Of those, values beyond float32's range, which became ±inf. */
  overflowed: number;
  /** Of those, nonzero values below float32's smallest, which became 0. */
  underflowed: number;
  /** The largest |value| that changed. */
  largest: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The largest integer below which float32 holds every integer exactly. */
const FLOAT32_EXACT_INT = 2 ** 24;

function noteLoss(loss: Loss, value: number, stored: number): void {
  loss.changed++;
  if (!Number.isFinite(stored) && Number.isFinite(value)) loss.overflowed++;
  if (stored === 0 && value !== 0) loss.underflowed++;
  loss.largest = Math.max(loss.largest, Math.abs(value));
}

let halfTable: Float32Array | undefined;
/** float16 → float32 for all 65536 bit patterns (exact: every half is a float32). */
function halfToFloat(): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      halfTable[h] =
        exp === 0 ? sign * frac * 2 ** -24
          : exp === 31 ? (frac === 0 ? sign * Infinity : NaN)
            : sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return halfTable;
}

/** A float8 table: `mantissaBits` fraction bits, exponent `bias`, and how the top code decodes. */
function float8Table(mantissaBits: number, bias: number, ieeeSpecials: boolean): Float32Array {
  const table = new Float32Array(256);
  const expBits = 7 - mantissaBits;
  const expMax = (1 << expBits) - 1;
  for (let b = 0; b < 256; b++) {
    const sign = b & 0x80 ? -1 : 1;
    const exp = (b >> mantissaBits) & expMax;
    const frac = b & ((1 << mantissaBits) - 1);
    const scale = 1 << mantissaBits;
    let v: number;
    if (ieeeSpecials && exp === expMax) v = frac === 0 ? sign * Infinity : NaN;
    else if (!ieeeSpecials && exp === expMax && frac === scale - 1) v = NaN; // e4m3fn: only S.1111.111 is NaN
    else if (exp === 0) v = sign * (frac / scale) * 2 ** (1 - bias);
    else v = sign * (1 + frac / scale) * 2 ** (exp - bias);
    table[b] = v;
  }
  return table;
}

let e4m3Table: Float32Array | undefined;
let e5m2Table: Float32Array | undefined;

/**
 * A typed array over `count` elements of `bytes` starting at element `start`: a view when the
 * address is aligned, else a copy (typed arrays need aligned offsets).
 */
function elements<T>(bytes: Uint8Array, start: number, count: number, size: number, make: (buffer: ArrayBuffer, offset: number, length: number) => T): T {
  const byteStart = bytes.byteOffset + start * size;
  if (byteStart % size === 0) return make(bytes.buffer as ArrayBuffer, byteStart, count);
  const copy = bytes.slice(start * size, (start + count) * size);
  return make(copy.buffer, 0, count);
}

/**
 * Decodes `count` elements of `dtype` from `bytes` (starting at element `start`) into `out`,
 * returning what float32 could not hold. `littleEndian` is the file's byte order.
 */
export function decodeInto(
  bytes: Uint8Array, dtype: StoredDType, littleEndian: boolean, start: number, count: number, out: Float32Array,
): Loss {
  const loss: Loss = { changed: 0, overflowed: 0, underflowed: 0, largest: 0 };
  if (count === 0) return loss;
  if (littleEndian !== LITTLE_ENDIAN_HOST && DTYPES[dtype].size > 1) {
    decodeSwapped(bytes, dtype, littleEndian, start, count, out, loss);
    return loss;
  }
  switch (dtype) {
    case 'float32':
      new Uint8Array(out.buffer, out.byteOffset, count * 4).set(bytes.subarray(start * 4, (start + count) * 4));
      break;
    case 'float64': {
      const src = elements(bytes, start, count, 8, (b, o, n) => new Float64Array(b, o, n));
      for (let i = 0; i < count; i++) {
        const v = src[i]!;
        out[i] = v;
        const f = out[i]!;
        if (f !== v && v === v) noteLoss(loss, v, f);
      }
      break;
    }
    case 'float16': {
      const table = halfToFloat();
      const src = elements(bytes, start, count, 2, (b, o, n) => new Uint16Array(b, o, n));
      for (let i = 0; i < count; i++) out[i] = table[src[i]!]!;
      break;
    }
    case 'bfloat16': {
      const src = elements(bytes, start, count, 2, (b, o, n) => new Uint16Array(b, o, n));
      const bits = new Uint32Array(out.buffer, out.byteOffset, count);
      for (let i = 0; i < count; i++) bits[i] = src[i]! << 16;
      break;
    }
    case 'float8_e4m3fn':
    case 'float8_e5m2': {
      const table = dtype === 'float8_e4m3fn' ? (e4m3Table ??= float8Table(3, 7, false)) : (e5m2Table ??= float8Table(2, 15, true));
      for (let i = 0; i < count; i++) out[i] = table[bytes[start + i]!]!;
      break;
    }
    case 'int64':
    case 'uint64': {
      const src = elements(bytes, start, count * 2, 8, (b, o, n) => new Int32Array(b, o, n));
      for (let i = 0; i < count; i++) {
        const lo = src[2 * i]! >>> 0;
        const hi = dtype === 'int64' ? src[2 * i + 1]! : src[2 * i + 1]! >>> 0;
        storeInt(hi * 4294967296 + lo, i, out, loss);
      }
      break;
    }
    case 'int32':
    case 'uint32': {
      const src = elements(bytes, start, count, 4, (b, o, n) => (dtype === 'int32' ? new Int32Array(b, o, n) : new Uint32Array(b, o, n)));
      for (let i = 0; i < count; i++) storeInt(src[i]!, i, out, loss);
      break;
    }
    case 'int16':
      out.set(elements(bytes, start, count, 2, (b, o, n) => new Int16Array(b, o, n)));
      break;
    case 'uint16':
      out.set(elements(bytes, start, count, 2, (b, o, n) => new Uint16Array(b, o, n)));
      break;
    case 'int8':
      out.set(new Int8Array(bytes.buffer, bytes.byteOffset + start, count));
      break;
    case 'uint8':
      out.set(bytes.subarray(start, start + count));
      break;
    case 'bool':
      for (let i = 0; i < count; i++) out[i] = bytes[start + i] ? 1 : 0;
      break;
  }
  return loss;
}

function storeInt(v: number, i: number, out: Float32Array, loss: Loss): void {
  out[i] = v;
  const f = out[i]!;
  if (f !== v && Math.abs(v) > FLOAT32_EXACT_INT) noteLoss(loss, v, f);
}

/** The slow path for a file whose byte order differs from this machine's. */
function decodeSwapped(
  bytes: Uint8Array, dtype: StoredDType, littleEndian: boolean, start: number, count: number, out: Float32Array, loss: Loss,
): void {
  const size = DTYPES[dtype].size;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start * size, count * size);
  const half = halfToFloat();
  for (let i = 0; i < count; i++) {
    const at = i * size;
    let v: number;
    switch (dtype) {
      case 'float64': v = view.getFloat64(at, littleEndian); break;
      case 'float32': v = view.getFloat32(at, littleEndian); break;
      case 'float16': v = half[view.getUint16(at, littleEndian)]!; break;
      case 'bfloat16': v = new Float32Array(new Uint32Array([view.getUint16(at, littleEndian) << 16]).buffer)[0]!; break;
      case 'int64': v = Number(view.getBigInt64(at, littleEndian)); break;
      case 'uint64': v = Number(view.getBigUint64(at, littleEndian)); break;
      case 'int32': v = view.getInt32(at, littleEndian); break;
      case 'uint32': v = view.getUint32(at, littleEndian); break;
      case 'int16': v = view.getInt16(at, littleEndian); break;
      default: v = view.getUint16(at, littleEndian); break;
    }
    out[i] = v;
    const f = out[i]!;
    const isInt = DTYPES[dtype].engine !== 'float32';
    if (f !== v && v === v && (!isInt || Math.abs(v) > FLOAT32_EXACT_INT)) noteLoss(loss, v, f);
  }
}

/** A sentence about what the conversion of a `dtype` tensor lost, or null when nothing was. */
export function describeLoss(dtype: StoredDType, loss: Loss, total: number): string | null {
  if (loss.changed === 0) return null;
  const isInt = DTYPES[dtype].engine !== 'float32';
  const what = isInt
    ? `${loss.changed} of ${total} ${dtype} values lie beyond ±2^24, where float32 skips integers, and were rounded`
    : `${loss.changed} of ${total} ${dtype} values are not float32 numbers and were rounded to the nearest one`;
  const overflow = loss.overflowed > 0 ? `; of those, ${loss.overflowed} exceed${loss.overflowed === 1 ? 's' : ''} float32's range (±3.4e38) and became ±inf` : '';
  const underflow = loss.underflowed > 0 ? `; of those, ${loss.underflowed} ${loss.underflowed === 1 ? 'is' : 'are'} below float32's smallest (1.4e-45) and became 0` : '';
  return `${what} (largest |value| changed: ${loss.largest.toPrecision(6)})${overflow}${underflow}`;
}

/**
 * Bad bytes never crash or hang either loader: random, truncated and corrupted files, random
 * pickle programs and random safetensors headers each end in a loaded value or a TorchError with
 * a readable message (never a RangeError, a stack overflow or a hang), each within a time bound
 * far above what a few-KB input needs. Seeds are fixed so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safetensors, torch } from '../index.ts';
import { bytesOf, checkpointZip, float32Bytes, str } from '../testing/pickles.ts';
import { EXPECTED, fixture } from '../testing/serialization.ts';

/** Far above what loading a few KB takes, however loaded the machine: only a hang exceeds it. */
const TIME_BOUND_MS = 3000;
const RUNS = 150;

type Loader = (bytes: Uint8Array) => unknown;
const LOADERS: [string, Loader][] = [
  ['torch.load', (b) => torch.load(b)],
  ['safetensors.load', (b) => safetensors.load(b)],
];

/** Loads `bytes`; true when it loaded, false when refused with a clear TorchError; throws otherwise. */
function attempt(load: Loader, bytes: Uint8Array): boolean {
  const start = performance.now();
  try {
    load(bytes);
    return true;
  } catch (e) {
    if (!(e instanceof torch.TorchError)) throw new Error(`expected a TorchError, got ${String(e)}`, { cause: e });
    expect(e.message.length).toBeGreaterThan(20);
    expect(e.message).not.toMatch(/undefined|\[object |NaN/);
    return false;
  } finally {
    expect(performance.now() - start).toBeLessThan(TIME_BOUND_MS);
  }
}

/** A byte position (taken modulo the file's length), uniform rather than biased towards 0. */
const position = fc.noBias(fc.nat());

const validFiles = Object.entries(EXPECTED.files)
  .filter(([, c]) => c.value !== undefined)
  .map(([name]): [string, Loader, Uint8Array] => [name, name.endsWith('.safetensors') ? LOADERS[1]![1] : LOADERS[0]![1], fixture(name)]);

describe('fuzz: bad bytes end in a clear TorchError, in bounded time', () => {
  it.each(LOADERS)('%s refuses random bytes', (_, load) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      expect(attempt(load, bytes)).toBe(false);
    }), { numRuns: RUNS, seed: 1 });
  });

  it.each(LOADERS)('%s refuses random bytes behind each format\'s magic', (_, load) => {
    const prefixes = [bytesOf('PK', 3, 4), bytesOf('PK', 5, 6), bytesOf(0x80, 2), bytesOf(0x80, 2, 0x8a, 10), bytesOf(16, 0, 0, 0, 0, 0, 0, 0, '{"a":')];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 2048 }), (prefix, rest) => {
        expect(attempt(load, bytesOf(prefix, rest))).toBe(false);
      }),
      { numRuns: RUNS, seed: 2 },
    );
  });

  it('both loaders refuse every truncation of every valid file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validFiles), position, ([, load, bytes], at) => {
        expect(attempt(load, bytes.subarray(0, at % bytes.length))).toBe(false);
      }),
      { numRuns: RUNS * 2, seed: 3 },
    );
  });

  it('both loaders load or refuse every corruption of every valid file', () => {
    const change = fc.tuple(position, fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.constantFrom(...validFiles), fc.array(change, { minLength: 1, maxLength: 8 }), ([, load, original], changes) => {
        const bytes = original.slice();
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        attempt(load, bytes);
      }),
      { numRuns: RUNS * 2, seed: 4 },
    );
  });

  it('torch.load loads or refuses random pickle programs in a checkpoint archive', () => {
    const intArg = fc.integer({ min: -3, max: 300 });
    const op = fc.oneof(
      fc.constantFrom(
        '(', ')', ']', '}', 't', 'l', 'd', 'a', 'e', 's', 'u', 'R', 'b', 'Q', 'N', '0', '1', '2', 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x94, 0x81,
        'ccollections\nOrderedDict\n', 'ctorch._utils\n_rebuild_tensor_v2\n', 'ctorch._utils\n_rebuild_parameter\n', 'ctorch\nFloatStorage\n',
        'cbuiltins\nset\n', 'ctorch\nSize\n', 'ctorch._tensor\n_rebuild_from_type_v2\n', 'ctorch.nn.parameter\nParameter\n',
      ),
      intArg.map((v) => bytesOf('K', v & 0xff)),
      intArg.map((v) => bytesOf('h', v & 0x0f)),
      intArg.map((v) => bytesOf('q', v & 0x0f)),
      fc.constantFrom('storage', '0', 'cpu', 'x').map(str),
      fc.uint8Array({ minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        attempt(LOADERS[0]![1], checkpointZip(bytesOf(0x80, 2, ...ops, '.'), { 0: float32Bytes([1, 2, 3, 4]) }));
      }),
      { numRuns: RUNS * 3, seed: 5 },
    );
  });

  it('safetensors.load loads or refuses random headers', () => {
    const dim = fc.integer({ min: -1, max: 4 });
    const entry = fc.record({
      dtype: fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I64', 'I8', 'BOOL', 'U16', 'F8_E4M3', 'C64', 'X'),
      shape: fc.array(dim, { maxLength: 3 }),
      data_offsets: fc.tuple(fc.integer({ min: -1, max: 64 }), fc.integer({ min: -1, max: 64 })),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(entry, fc.jsonValue()), { maxKeys: 5 }), fc.integer({ min: 0, max: 64 }), (header, dataBytes) => {
        const text = new TextEncoder().encode(JSON.stringify(header));
        const bytes = new Uint8Array(8 + text.length + dataBytes);
        new DataView(bytes.buffer).setUint32(0, text.length, true);
        bytes.set(text, 8);
        attempt(LOADERS[1]![1], bytes);
      }),
      { numRuns: RUNS * 3, seed: 6 },
    );
  });
});

/**
 * Python ints in pickles (LONG1): little-endian two's complement in the fewest bytes. Expected
 * bytes are Python's own `pickle.encode_long(v).hex()`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLong } from './pickle_reader.ts';
import { encodeLong } from './pickle_writer.ts';

const PYTHON: [bigint, string][] = [
  [0n, ''], [1n, '01'], [127n, '7f'], [128n, '8000'], [255n, 'ff00'], [256n, '0001'], [-1n, 'ff'], [-128n, '80'], [-129n, '7fff'],
  [2n ** 31n, '0000008000'], [-(2n ** 31n) - 1n, 'ffffff7fff'], [2n ** 63n, '000000000000008000'], [2n ** 70n, '000000000000000040'], [-(2n ** 65n), '0000000000000000fe'],
];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('pickle longs', () => {
  it.each(PYTHON)('%s encodes as Python encodes it, and decodes back', (v, bytes) => {
    expect(hex(encodeLong(v))).toBe(bytes);
    const back = decodeLong(Uint8Array.from(Buffer.from(bytes, 'hex')));
    expect(BigInt(back)).toBe(v);
    expect(typeof back).toBe(v > -(2n ** 53n) && v < 2n ** 53n ? 'number' : 'bigint');
  });

  it('round-trips any integer up to 300 bits', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (v) => {
      expect(BigInt(decodeLong(encodeLong(v)))).toBe(v);
    }), { seed: 7 });
  });
});

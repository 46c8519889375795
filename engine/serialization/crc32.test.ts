/** CRC-32 against Node's zlib, at every alignment and length around the 8-byte steps. */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';

describe('crc32', () => {
  it('equals zlib for every start offset 0-7 and lengths 0-40 and 1000', () => {
    const data = Uint8Array.from({ length: 1100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let offset = 0; offset < 8; offset++) {
      for (const length of [...Array.from({ length: 41 }, (_, i) => i), 1000]) {
        const slice = data.subarray(offset, offset + length);
        expect(crc32(slice), `offset ${offset}, length ${length}`).toBe(zlibCrc32(slice) >>> 0);
      }
    }
  });
});

/**
 * CRC-32 (the zip checksum, polynomial 0xEDB88320), eight bytes per step ("slicing by 8"), read
 * as two 32-bit words where the data is aligned (twice as fast as byte reads), so checking a
 * 200 MB checkpoint costs a fraction of reading it. fflate computes the same sum when writing but
 * does not export it.
 */

const TABLES = ((): Uint32Array[] => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[k]![n] = (t0[tables[k - 1]![n]! & 0xff]! ^ (tables[k - 1]![n]! >>> 8)) >>> 0;
  }
  return tables;
})();

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The CRC-32 of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const n = bytes.length;
  let c = 0xffffffff;
  let i = 0;
  if (LITTLE_ENDIAN_HOST && n >= 16) {
    while ((bytes.byteOffset + i) % 4 !== 0) c = t0[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, ((n - i) >> 3) << 1);
    for (let w = 0; w < words.length; w += 2) {
      const a = c ^ words[w]!;
      const b = words[w + 1]!;
      c =
        t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
        t3[b & 0xff]! ^ t2[(b >>> 8) & 0xff]! ^ t1[(b >>> 16) & 0xff]! ^ t0[b >>> 24]!;
    }
    i += words.length * 4;
  }
  for (; i < n; i++) c = t0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

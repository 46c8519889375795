/**
 * safetensors: the header rules of the published format, each broken once, and what the writer
 * lays out (alignment, header padding, order). Values against real PyTorch are in
 * torch_load.test.ts and torch_save.pytorch.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { safetensors, torch } from '../index.ts';

/** A file with the given header (as JSON text) and `dataBytes` bytes of data. */
function file(header: string | object, dataBytes: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

const f32 = (shape: number[], begin: number) => ({ dtype: 'F32', shape, data_offsets: [begin, begin + 4 * shape.reduce((a, b) => a * b, 1)] });

describe('safetensors header validation', () => {
  it.each([
    ['fewer than 8 bytes', new Uint8Array(5), /fewer than the 8 of the header length/],
    ['a header length beyond the file', file('{}', 0).slice(0, 9), /header is 2 bytes long, but the file ends after 1/],
    ['a header length over the 100 MB limit', (() => { const b = file('{}', 0); new DataView(b.buffer).setUint32(0, 200_000_000, true); return b; })(), /exceeds the format's limit/],
    ['a header that is not JSON', file('{"a":', 0), /not valid JSON/],
    ['a header that does not start with {', file(' {}', 0), /does not start with "\{"/],
    ['a header that is an array', file('[1]', 0), /does not start with/],
    ['an unknown dtype', file({ a: { dtype: 'F17', shape: [1], data_offsets: [0, 4] } }, 4), /unknown dtype "F17"/],
    ['a complex dtype', file({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, 8), /dtype C64, which the engine has no form for/],
    ['a negative dim', file({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /shape that is not a list of non-negative integers/],
    ['offsets in the wrong order', file({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, 4), /0 <= begin <= end/],
    ['a shape that disagrees with the offsets', file({ a: f32([2, 3], 0), b: { dtype: 'F32', shape: [2], data_offsets: [24, 36] } }, 36), /"b" of shape \[2\] and dtype F32 needs 8 bytes, but its data_offsets \[24, 36\] span 12/],
    ['a gap between tensors', file({ a: f32([1], 0), b: f32([1], 8) }, 12), /"b" starts at byte 8, but the previous tensor's ends at 4/],
    ['overlapping tensors', file({ a: f32([2], 0), b: f32([2], 4) }, 12), /"b" starts at byte 4, but the previous tensor's ends at 8/],
    ['data beyond the last tensor', file({ a: f32([1], 0) }, 8), /cover 4 bytes of data, but the file holds 8 .*trailing/],
    ['data cut short', file({ a: f32([3], 0) }, 8), /cover 12 bytes .* holds 8 .*truncated/],
    ['metadata that is not strings', file({ __metadata__: { epoch: 12 } }, 0), /"__metadata__" must map strings to strings, but "epoch" is 12/],
    ['an entry that is not an object', file({ a: 3 }, 0), /"a" is not an object/],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => safetensors.load(bytes)).toThrow(torch.TorchError);
    expect(() => safetensors.load(bytes)).toThrow(message);
  });

  it('reads tensors whose offsets are not in header order, in file order', () => {
    const bytes = file({ second: f32([1], 4), first: f32([1], 0) }, 8);
    const data = new DataView(bytes.buffer, bytes.length - 8);
    data.setFloat32(0, 1, true);
    data.setFloat32(4, 2, true);
    const r = safetensors.read(bytes);
    expect(r.tensors.map((t) => t.name)).toEqual(['first', 'second']);
    expect(r.value.second!.item()).toBe(2);
  });

  it('reads the metadata without the tensors, and null when there is none', () => {
    expect(safetensors.metadata(file({ __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [1000000], data_offsets: [0, 4000000] } }, 0).slice(0, 200))).toEqual({ format: 'pt' });
    expect(safetensors.metadata(file({}, 0))).toBeNull();
  });
});

describe('safetensors.save', () => {
  it('round-trips tensors, dtypes, shapes, names JavaScript would reorder, and metadata', () => {
    const tensors: Record<string, torch.Tensor> = {
      weight: torch.tensor([[1.5, -2], [0, 3]]),
      '10': torch.tensor([1]),
      steps: torch.tensor([3, -4], { dtype: 'int64' }),
      mask: torch.tensor([1, 0, 1], { dtype: 'bool' }),
      scalar: torch.tensor(7),
      empty: torch.zeros([0, 3]),
    };
    Object.defineProperty(tensors, '__proto__', { value: torch.tensor([9]), enumerable: true });
    const bytes = safetensors.save(tensors, { format: 'pt' });
    const r = safetensors.read(bytes);
    expect(r.metadata).toEqual({ format: 'pt' });
    // 8-byte dtypes first, for alignment; the given order within each size.
    expect(r.tensors.map((t) => `${t.name}:${t.dtype}`)).toEqual(['steps:int64', '10:float32', 'weight:float32', 'scalar:float32', 'empty:float32', '__proto__:float32', 'mask:bool']);
    for (const [name, t] of Object.entries(tensors)) {
      const back = r.value[name]!;
      expect([...back.shape], name).toEqual([...t.shape]);
      expect(back.dtype, name).toBe(t.dtype);
      expect(back.toFloat32Array(), name).toEqual(t.toFloat32Array());
    }
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it('pads the header with spaces so data starts on an 8-byte boundary', () => {
    const bytes = safetensors.save({ a: torch.tensor([1]) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(bytes[8 + n - 1]).toBe(0x20);
    expect(bytes.length).toBe(8 + n + 4);
  });

  it('refuses what the format cannot hold', () => {
    expect(() => safetensors.save({ a: 3 } as never)).toThrow(/"a" is not a Tensor/);
    expect(() => safetensors.save({ __metadata__: torch.tensor([1]) })).toThrow(/cannot be a tensor name/);
    expect(() => safetensors.save({}, { epoch: 12 } as never)).toThrow(/metadata values must be strings, but "epoch" is a number/);
  });
});

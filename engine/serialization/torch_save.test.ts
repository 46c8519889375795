/**
 * torch.save without Python: the archive's layout (PyTorch's entry names, 64-byte alignment,
 * one record per shared storage, the same bytes every time) and what it refuses. That PyTorch
 * reads the result is torch_save.pytorch.test.ts's job.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';
import { ZipArchive } from './zip_reader.ts';

describe('torch.save', () => {
  it("lays the archive out as PyTorch does: data.pkl, byteorder, one record per storage, version", () => {
    const w = torch.tensor([[1, 2], [3, 4]]);
    const bytes = torch.save({ w, w_again: w, flat: w.reshape([4]), steps: torch.tensor([3], { dtype: 'int64' }) });
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['archive/data.pkl', 'archive/byteorder', 'archive/data/0', 'archive/data/1', 'archive/version']);
    expect(new TextDecoder().decode(files['archive/byteorder'])).toBe('little');
    expect(new TextDecoder().decode(files['archive/version'])).toBe('3\n');
    expect(new Float32Array(files['archive/data/0']!.slice().buffer)).toEqual(Float32Array.from([1, 2, 3, 4]));
    expect(new BigInt64Array(files['archive/data/1']!.slice().buffer)).toEqual(BigInt64Array.from([3n]));
  });

  it('starts every record on a 64-byte boundary, padded with an "FB" extra field', () => {
    const bytes = torch.save({ a: torch.tensor([1, 2, 3]), b: torch.tensor([4]), c: torch.zeros([0]) });
    const zip = new ZipArchive(bytes);
    for (const entry of zip.entries.values()) {
      const nameLength = bytes[entry.localHeaderOffset + 26]! | (bytes[entry.localHeaderOffset + 27]! << 8);
      const extraLength = bytes[entry.localHeaderOffset + 28]! | (bytes[entry.localHeaderOffset + 29]! << 8);
      const extraStart = entry.localHeaderOffset + 30 + nameLength;
      expect(new TextDecoder().decode(bytes.subarray(extraStart, extraStart + 2)), entry.name).toBe('FB');
      expect((extraStart + extraLength) % 64, entry.name).toBe(0);
    }
  });

  it('writes the same bytes for the same object', () => {
    const make = () => ({ model: { w: torch.tensor([0.5, -1]) }, epoch: 3 });
    expect(torch.save(make())).toEqual(torch.save(make()));
  });

  it('reads back what it wrote, with shared storages, Parameters and Python types', () => {
    const w = new torch.nn.Parameter(torch.tensor([[1, 2]]));
    const obj = { w, tied: w, view: w.reshape([2]), t: torch.serialization.tuple(1, 'a', null), big: 2n ** 80n, half: 0.5, keys: new Map<torch.serialization.PyKey, unknown>([[2, 'x'], ['2', 'y']]) };
    const back = torch.load(torch.save(obj)) as Record<string, unknown>;
    expect(back.tied).toBe(back.w);
    expect(back.w).toBeInstanceOf(torch.nn.Parameter);
    expect((back.view as torch.Tensor).storage).toBe((back.w as torch.Tensor).storage);
    expect(Object.isFrozen(back.t)).toBe(true);
    expect(back.t).toEqual([1, 'a', null]);
    expect(back.big).toBe(2n ** 80n);
    expect(back.half).toBe(0.5);
    expect([...(back.keys as Map<unknown, unknown>).entries()]).toEqual([[2, 'x'], ['2', 'y']]);
  });

  it('saves an engine optimizer state_dict with int parameter keys, as PyTorch expects', () => {
    const p = new torch.nn.Parameter(torch.tensor([1, 2]));
    const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = torch.tensor([1, 1]);
    opt.step();
    const back = torch.load(torch.save(opt.state_dict())) as { state: Map<number, Record<string, unknown>> };
    expect([...back.state.keys()]).toEqual([0]);
    expect((back.state.get(0)!.momentum_buffer as torch.Tensor).tolist()).toEqual([1, 1]);
  });

  it.each([
    ['an nn.Module', () => new torch.nn.Linear(2, 2), /nn\.Module \(Linear\); save model\.state_dict\(\) instead/],
    ['an optimizer', () => new torch.optim.SGD([new torch.nn.Parameter(torch.zeros([1]))], { lr: 1 }), /optimizer; save optimizer\.state_dict\(\)/],
    ['undefined', () => ({ a: { b: undefined } }), /a\.b is undefined, which Python has no value for; use null/],
    ['a function', () => ({ f: () => 1 }), /f is a function/],
    ['a Set', () => ({ s: new Set([1]) }), /s is a Set, which cannot be saved/],
    ['a typed array', () => [new Float32Array(2)], /\.0 is a Float32Array/],
    ['an object that contains itself', () => { const o: Record<string, unknown> = {}; o.self = o; return o; }, /self contains itself/],
    ['an object key of another kind', () => new Map([[{}, 1]]), /a Map key .* is an Object/],
    ['an int64 tensor holding NaN', () => torch.tensor([NaN], { dtype: 'int64' }), /int64 tensor holds NaN/],
  ])('refuses %s, saying what to save instead', (_, make, message) => {
    expect(() => torch.save(make())).toThrow(message);
  });
});

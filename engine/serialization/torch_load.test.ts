/**
 * torch.load and safetensors.load against files real PyTorch made
 * (engine/testing/fixtures/serialization/make_serialization.py): every value PyTorch loads back
 * must load here too, and every file PyTorch's weights_only loader refuses is refused with a
 * message naming why.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { safetensors, torch } from '../index.ts';
import { EXPECTED, expectPyValue, fixture } from '../testing/serialization.ts';

const cases = Object.entries(EXPECTED.files);
const loadable = cases.filter(([, c]) => c.value !== undefined);
const refused = cases.filter(([, c]) => c.error !== undefined);

function readAny(name: string, options: torch.serialization.LoadOptions = {}) {
  const bytes = fixture(name);
  return name.endsWith('.safetensors') ? safetensors.read(bytes, options) : torch.serialization.read(bytes, options);
}

describe('files made by PyTorch load with the values PyTorch loads back', () => {
  it.each(loadable)('%s', (name, c) => {
    const r = readAny(name);
    expect(r.format).toBe(c.format);
    expectPyValue(r.value, c.value!);
    expect(r.warnings.filter((w) => !w.message.includes('Python attributes')).map((w) => w.name)).toEqual(c.lossy);
    if (c.metadata !== undefined) expect((r as ReturnType<typeof safetensors.read>).metadata).toEqual(c.metadata);
  });

  it('lists every tensor with its dotted path, stored dtype and shape, in file order', () => {
    const r = torch.serialization.read(fixture('checkpoint.pt'));
    const names = r.tensors.map((t) => t.name);
    expect(names.slice(0, 3)).toEqual(['model.encoder.rnn.weight_ih_l0', 'model.encoder.rnn.weight_hh_l0', 'model.encoder.rnn.bias_ih_l0']);
    expect(names).toContain('model.readout.bias');
    expect(names).toContain('optimizer.state.0.exp_avg');
    const first = r.tensors[0]!;
    expect(first).toMatchObject({ dtype: 'float32', shape: [8, 4], path: ['model', 'encoder.rnn.weight_ih_l0'] });
    expect(first.tensor).toBe((r.value as { model: Record<string, torch.Tensor> }).model['encoder.rnn.weight_ih_l0']);

    const dtypes = torch.serialization.read(fixture('dtypes.pt'));
    expect(Object.fromEntries(dtypes.tensors.map((t) => [t.name, t.dtype]))).toMatchObject({
      f64_lossy: 'float64', f16: 'float16', bf16: 'bfloat16', i64_lossy: 'int64', i32: 'int32', i16: 'int16', i8: 'int8', u8: 'uint8', bool: 'bool',
    });
    expect(torch.serialization.read(fixture('torch2_forms.pt')).tensors[0]).toMatchObject({ name: 'u16', dtype: 'uint16' });
  });

  it('says what the conversion to float32 lost, naming the tensor', () => {
    const seen: torch.serialization.LoadWarning[] = [];
    torch.load(fixture('dtypes.pt'), { onWarning: (w) => seen.push(w) });
    const byName = Object.fromEntries(seen.map((w) => [w.name, w.message]));
    expect(byName.f64_lossy).toMatch(/5 of 6 float64 values are not float32 numbers.*of those, 2 exceed float32's range.*of those, 1 is below float32's smallest .* became 0/);
    expect(byName.i64_lossy).toMatch(/2 of 4 int64 values lie beyond ±2\^24/);
    expect(byName.i32).toMatch(/1 of 3 int32 values/);
    expect(Object.keys(byName)).not.toContain('f64_exact');
    const forms = torch.serialization.read(fixture('torch2_forms.pt')).warnings;
    expect(forms).toEqual([{ name: 'param_with_state', message: 'its Python attributes (tag) were dropped: engine tensors have none' }]);
  });

  it('keeps views that share a storage sharing one engine storage, and tied tensors one object', () => {
    const v = torch.load(fixture('views.pt')) as Record<string, torch.Tensor>;
    expect(v.tied_b).toBe(v.tied_a);
    expect(v.reshaped_tied!.storage).toBe(v.tied_a!.storage);
    expect(v.row!.storage).not.toBe(v.base!.storage);
  });

  it('loads dict keys of every type in order, ints as Map keys and strings such as "10" too', () => {
    const ckpt = torch.load(fixture('checkpoint.pt')) as Record<string, unknown>;
    expect(Object.keys(ckpt).slice(0, 4)).toEqual(['model', 'optimizer', 'epoch', 'best_loss']);
    expect([...(ckpt.int_keys as Map<number, string>).keys()]).toEqual([3, 1]);
    expect([...(ckpt.digit_keys as Map<string, number>).keys()]).toEqual(['10', '2']);
    expect([...((ckpt.optimizer as { state: Map<number, unknown> }).state.keys())]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ckpt.big).toBe(2n ** 70n);
  });

  it('loads state_dicts straight into the engine modules of the same shape', () => {
    const rnn = new torch.nn.RNN(4, 6, { num_layers: 2, bidirectional: true, bias: false });
    expect(rnn.load_state_dict(torch.load(fixture('rnn_l2_bi_nobias.pt')) as Record<string, torch.Tensor>)).toEqual({ missing_keys: [], unexpected_keys: [] });
    const fromSafetensors = new torch.nn.RNN(4, 8, { num_layers: 2 });
    const st = safetensors.load(fixture('model.safetensors'));
    const prefixed = Object.fromEntries(Object.entries(st).filter(([k]) => k.startsWith('encoder.rnn.')).map(([k, t]) => [k.slice('encoder.rnn.'.length), t]));
    fromSafetensors.load_state_dict(prefixed);
    expect(fromSafetensors.state_dict().weight_hh_l1!.toFloat32Array()).toEqual(st['encoder.rnn.weight_hh_l1']!.toFloat32Array());
  });

  it('reports progress in bytes up to the total, once per storage', () => {
    const calls: [number, number][] = [];
    torch.load(fixture('nested_model.pt'), { onProgress: (loaded, total) => calls.push([loaded, total]) });
    const total = calls[0]![1];
    expect(calls[0]).toEqual([0, total]);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(total).toBe(4 * (8 * 4 + 8 * 8 + 8 + 8 + 8 * 8 + 8 * 8 + 8 + 8 + 4 * 8 + 4));
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  });
});

describe('files the engine refuses, with the reason', () => {
  it.each(refused)('%s', (name, c) => {
    let message = '';
    try {
      readAny(name);
    } catch (e) {
      expect(e).toBeInstanceOf(torch.TorchError);
      message = (e as Error).message;
    }
    for (const needle of c.error!) expect(message).toContain(needle);
  });

  it('refuses weights_only: false rather than running code', () => {
    expect(() => torch.load(fixture('rnncell.pt'), { weights_only: false })).toThrow(/never does/);
  });

  it('sends each kind of file to the right reader', () => {
    expect(() => torch.load(fixture('model.safetensors'))).toThrow(/safetensors\.load/);
    expect(() => safetensors.load(fixture('rnncell.pt'))).toThrow(torch.TorchError);
    expect(torch.serialization.sniff(fixture('legacy.pt'))).toBe('torch-legacy');
    expect(torch.serialization.sniff(fixture('not_pytorch.txt'))).toBeNull();
  });
});

/** The entries of a zip fixture, rewritten with `change`, as a new zip (fflate, default layout). */
function rezip(name: string, change: (files: Record<string, Uint8Array>) => void, level: 0 | 6 = 0): Uint8Array {
  const files = unzipSync(fixture(name));
  change(files);
  const out: Zippable = {};
  for (const [k, v] of Object.entries(files)) out[k] = [v, { level }];
  return zipSync(out);
}

describe('zip variants PyTorch reads', () => {
  it('reads a checkpoint whose entries were deflated by another zip tool', () => {
    const original = torch.load(fixture('checkpoint.pt')) as Record<string, Record<string, torch.Tensor>>;
    const deflated = torch.load(rezip('checkpoint.pt', () => {}, 6)) as typeof original;
    expect(deflated.model!['readout.weight']!.toFloat32Array()).toEqual(original.model!['readout.weight']!.toFloat32Array());
  });

  it('reads big-endian storages when the byteorder record says "big"', () => {
    const sizes: Record<string, number> = {};
    for (const t of torch.serialization.read(fixture('dtypes.pt')).tensors) sizes[t.name] = { float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, int16: 2 }[t.dtype as string] ?? 1;
    const big = rezip('dtypes.pt', (files) => {
      const prefix = Object.keys(files).find((k) => k.endsWith('data.pkl'))!.slice(0, -'data.pkl'.length);
      files[`${prefix}byteorder`] = new TextEncoder().encode('big');
      // Storage keys follow the tensors' order in the dict (one storage per tensor here).
      Object.values(sizes).forEach((size, key) => {
        const data = files[`${prefix}data/${key}`]!;
        for (let i = 0; i < data.length; i += size) data.subarray(i, i + size).reverse();
      });
    });
    expectPyValue(torch.load(big), EXPECTED.files['dtypes.pt']!.value!);
  });

  it('reads an archive whose CRC-32 fields are 0, as PyTorch 2.x writes with set_crc32_options(False)', () => {
    const bytes = fixture('rnncell.pt').slice();
    const view = new DataView(bytes.buffer);
    // Zero the CRC in every local header (offset 14) and central directory entry (offset 16).
    for (let i = 0; i + 4 <= bytes.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 14, 0, true);
      if (sig === 0x02014b50) view.setUint32(i + 16, 0, true);
    }
    expectPyValue(torch.load(bytes), EXPECTED.files['rnncell.pt']!.value!);
  });

  it('catches changed bytes by the CRC-32 check, as PyTorch 1.13 does', () => {
    const bytes = fixture('rnncell.pt').slice();
    // The first storage's data starts after its local header: the name, then PyTorch's "FB" padding field.
    const name = new TextEncoder().encode('rnncell/data/0');
    const at = Buffer.from(bytes).indexOf(Buffer.from(name)) + name.length;
    const dataStart = at + 4 + (bytes[at + 2]! | (bytes[at + 3]! << 8));
    expect(dataStart % 64).toBe(0);
    bytes[dataStart] = bytes[dataStart]! ^ 0x01;
    expect(() => torch.load(bytes)).toThrow(/'rnncell\/data\/0' fails its CRC-32 check/);
  });
});

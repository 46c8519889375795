/**
 * Tensors and modules between the CPU and WebGPU (Dawn in Node): synchronous moves onto the GPU,
 * asynchronous moves off it, clear errors for synchronous reads, a training step that never reads
 * back, and a lost GPU reported once and unregistered.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getBackend } from '../backends/registry.ts';
import { nodeGpu, withInstallHint } from '../backends/webgpu/testing/node_gpu.ts';
import { torch } from '../index.ts';

async function start(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const found = await nodeGpu();
  if ('reason' in found) return { ok: false, reason: found.reason };
  const started = await torch.backends.webgpu.init(found.gpu);
  return started.ok ? started : { ok: false, reason: withInstallHint(started.reason) };
}

const started = await start();
const title = started.ok ? 'on webgpu' : `on webgpu (skipped: ${started.reason})`;

describe.skipIf(!started.ok)(title, () => {
  afterAll(() => torch.backends.webgpu.release());

  it('is available once started, and init() again is a no-op', async () => {
    expect(torch.backends.webgpu.is_available()).toBe(true);
    expect((await torch.backends.webgpu.init()).ok).toBe(true);
  });

  it('moves a tensor to the GPU synchronously and back asynchronously', async () => {
    const x = torch.tensor([[1, 2], [3, 4]]).to('webgpu');
    expect(x.device).toBe(torch.device('webgpu'));
    const back = await x.mul(2).to_async('cpu');
    expect(back.device).toBe(torch.device('cpu'));
    expect(back.tolist()).toEqual([[2, 4], [6, 8]]);
    expect(await x.sum().item_async()).toBe(10);
    expect(await x.tolistAsync()).toEqual([[1, 2], [3, 4]]);
  });

  it('names the async form when a GPU tensor is read synchronously', () => {
    const x = torch.ones([2], { device: 'webgpu' });
    expect(() => x.sum().item()).toThrow(/item\(\) cannot read a tensor on the 'webgpu' device synchronously.*'await tensor.item_async\(\)'/);
    expect(() => x.to('cpu')).toThrow(/'await tensor.to_async\('cpu'\)'/);
    expect(() => x.tolist()).toThrow(/'await tensor.tolistAsync\(\)'/);
    expect(() => x.toFloat32Array()).toThrow(/'await tensor.data\(\)'/);
  });

  it('says why a gradient cannot flow back to a CPU leaf, and how to make the leaf on the GPU', () => {
    const leaf = torch.ones([2], { requires_grad: true });
    expect(() => leaf.to('webgpu').sum().backward()).toThrow(/Create the leaf on 'webgpu'/);
  });

  it('moves a module there and back, keeping Parameter objects and values', async () => {
    const rnn = new torch.nn.RNN(3, 4);
    const before = rnn.parameters();
    const values = before.map((p) => p.toFloat32Array());
    rnn.to('webgpu');
    expect(rnn.parameters().every((p) => p.device.type === 'webgpu')).toBe(true);
    expect(() => rnn.to('cpu')).toThrow(/'await module.to_async\('cpu'\)'/);
    await rnn.to_async('cpu');
    rnn.parameters().forEach((p, i) => {
      expect(p).toBe(before[i]);
      expect(p.device.type).toBe('cpu');
      expect(p.toFloat32Array()).toEqual(values[i]);
    });
  });

  it('continues an Adam run on the CPU after moving the model and the optimizer off the GPU', async () => {
    const run = () => {
      const model = new torch.nn.Linear(4, 2);
      model.load_state_dict({
        weight: { shape: [2, 4], data: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.2, -0.1] },
        bias: { shape: [2], data: [0.05, -0.05] },
      });
      const optimizer = new torch.optim.Adam(model.parameters(), { lr: 0.1 });
      const x = torch.tensor([[1, -2, 3, 0.5], [0, 1, -1, 2]]);
      const step = () => {
        optimizer.zero_grad();
        const input = x.to(model.weight.device);
        model.forward(input).mul(model.forward(input)).mean().backward();
        optimizer.step();
      };
      return { model, optimizer, step };
    };
    const reference = run();
    reference.step();
    reference.step();
    const moved = run();
    moved.model.to('webgpu');
    moved.step();
    await moved.model.to_async('cpu');
    await moved.optimizer.to_async('cpu');
    moved.step();
    const got = moved.model.parameters().map((p) => Array.from(p.toFloat32Array()));
    reference.model.parameters().forEach((p, i) => {
      Array.from(p.toFloat32Array()).forEach((v, j) => expect(got[i]![j]).toBeCloseTo(v, 5));
    });
  });

  it('trains a step without reading anything back (packing, dropout, clipping, cross entropy)', async () => {
    const rnn = new torch.nn.RNN(3, 8, { num_layers: 2, dropout: 0.5, bidirectional: true }).to('webgpu');
    const head = new torch.nn.Linear(16, 5).to('webgpu');
    const params = [...rnn.parameters(), ...head.parameters()];
    const optimizer = new torch.optim.Adam(params, { lr: 0.01 });
    const x = torch.randn([6, 4, 3]).to('webgpu');
    const lengths = [6, 2, 4, 1];
    const labels = torch.tensor([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2], { dtype: 'int64' }).to('webgpu');
    const backend = getBackend('webgpu');
    const read = vi.spyOn(backend, 'read');
    const readSync = vi.spyOn(backend, 'readSync');
    const step = (): torch.Tensor => {
      optimizer.zero_grad();
      const packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, { enforce_sorted: false });
      const [out] = rnn.forward(packed);
      const loss = torch.nn.functional.cross_entropy(head.forward(out.data), labels);
      loss.backward();
      torch.nn.utils.clip_grad_norm_(params, 1);
      optimizer.step();
      return loss;
    };
    const first = step();
    const second = step();
    expect(read).not.toHaveBeenCalled();
    expect(readSync).not.toHaveBeenCalled();
    read.mockRestore();
    readSync.mockRestore();
    const [a, b] = [await first.item_async(), await second.item_async()];
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
  });

  it('reports a lost GPU once, unregistered, and can start again', async () => {
    const messages: string[] = [];
    torch.backends.webgpu.onLost((message) => messages.push(message));
    const a = torch.ones([1, 1], { device: 'webgpu' });
    // 64 * 70000 columns ask for 70000 workgroups in x, past WebGPU's 65535: an invalid command.
    const b = torch.ones([1, 64 * 70000], { device: 'webgpu' });
    a.matmul(b);
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatch(/^WebGPU error: /);
    expect(torch.backends.webgpu.is_available()).toBe(false);
    expect(() => torch.zeros([1], { device: 'webgpu' })).toThrow(/backend is not available/);
    expect((await start()).ok).toBe(true);
    expect(await torch.ones([2], { device: 'webgpu' }).sum().item_async()).toBe(2);
  });
});

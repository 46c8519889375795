import { describe, expect, it, vi } from 'vitest';
import { TorchError } from '../../errors.ts';
import { BufferPool } from './buffer_pool.ts';
import { createWebGpuBackend } from './webgpu_backend.ts';
import { describeWebGpu } from './testing/gpu_suite.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

describe('createWebGpuBackend without a usable GPU', () => {
  it('says in one line that WebGPU is missing', async () => {
    const result = await createWebGpuBackend(undefined);
    expect(result).toEqual({ reason: expect.stringContaining('navigator.gpu is missing') });
  });

  it('says when there is no adapter, or the adapter request throws', async () => {
    const none = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;
    expect(await createWebGpuBackend(none)).toEqual({ reason: expect.stringContaining('no WebGPU adapter') });
    const throws = { requestAdapter: () => Promise.reject(new Error('blocked')) } as unknown as GPU;
    expect(await createWebGpuBackend(throws)).toEqual({ reason: 'WebGPU adapter request failed: blocked' });
  });

  it('names a limit the adapter falls short of', async () => {
    const limits = { maxStorageBuffersPerShaderStage: 4, maxComputeWorkgroupStorageSize: 16384 };
    const small = { requestAdapter: () => Promise.resolve({ limits }) } as unknown as GPU;
    expect(await createWebGpuBackend(small)).toEqual({
      reason: "the WebGPU adapter's maxStorageBuffersPerShaderStage is 4; the engine needs at least 7",
    });
  });
});

describeWebGpu(await createNodeBackend(), 'webgpu backend', (gpu) => {
  it('refuses synchronous reads, pointing at the async ones', () => {
    const s = gpu.fromArray(new Float32Array([1, 2]));
    expect(() => gpu.readSync(s)).toThrow(TorchError);
    expect(() => gpu.readSync(s)).toThrow(/await tensor\.data\(\)/);
    gpu.free(s);
  });

  it('takes back the buffer of a storage that became unreachable', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('needs --expose-gc (set for the engine project in vite.config.ts)');
    const bufferOf = (s: object) => (s as { buffer: GPUBuffer }).buffer;
    const seen = new WeakSet<GPUBuffer>();
    // The event that matters: the finalizer handing one of these buffers back to the pool.
    const release = BufferPool.prototype.release;
    const returned = new Promise<void>((resolve) => {
      vi.spyOn(BufferPool.prototype, 'release').mockImplementation(function (this: BufferPool, buffer: GPUBuffer) {
        release.call(this, buffer);
        if (seen.has(buffer)) resolve();
      });
    });
    for (let i = 0; i < 4; i++) seen.add(bufferOf(gpu.alloc(12345)));
    try {
      gc();
      await returned;
    } finally {
      vi.restoreAllMocks();
    }
    expect(seen.has(bufferOf(gpu.alloc(12345)))).toBe(true);
  });

  it('round-trips values, and allocates zeros even from reused buffers', async () => {
    const a = gpu.fromArray(new Float32Array([1, 2, 3, 4, 5]));
    expect(Array.from(await gpu.read(a))).toEqual([1, 2, 3, 4, 5]);
    gpu.free(a);
    const b = gpu.alloc(5);
    expect(Array.from(await gpu.read(b))).toEqual([0, 0, 0, 0, 0]);
    gpu.free(b);
  });

  it('orders writes and uploads after the recorded work that came before them', async () => {
    const a = gpu.fromArray(new Float32Array([1, 2, 3]));
    const out = gpu.alloc(3);
    gpu.run('unary', { x: a }, { out }, { op: 'neg' });
    // Still unsubmitted: the write must not land before the neg reads a.
    gpu.write(a, new Float32Array([10, 20, 30]));
    const c = gpu.fromArray(new Float32Array([7, 8, 9]));
    expect(Array.from(await gpu.read(out))).toEqual([-1, -2, -3]);
    expect(Array.from(await gpu.read(a))).toEqual([10, 20, 30]);
    expect(Array.from(await gpu.read(c))).toEqual([7, 8, 9]);
    for (const s of [a, out, c]) gpu.free(s);
  });

  it('runs in place when an input is also the output', async () => {
    const a = gpu.fromArray(new Float32Array([1, 2, 3]));
    gpu.run('binary', { a, b: a }, { out: a }, { op: 'add', outShape: [3], aStrides: [1], bStrides: [1] });
    expect(Array.from(await gpu.read(a))).toEqual([2, 4, 6]);
    gpu.free(a);
  });

  it('fails loudly for a storage of another backend', () => {
    const foreign = { backend: 'cpu' as const, length: 1 };
    expect(() => gpu.read(foreign)).toThrow(/expected a storage on the 'webgpu' backend/);
  });

  it('reports a GPU error through onLost once, then refuses work with that message', async () => {
    const setup = await createNodeBackend();
    if (!('backend' in setup)) throw new Error(setup.reason);
    const broken = setup.backend;
    const messages: string[] = [];
    broken.onLost((message) => messages.push(message));
    const [a, b, c] = [broken.alloc(4), broken.alloc(4), broken.alloc(4)];
    // n = 64 * 70000 asks for 70000 workgroups in x, past WebGPU's 65535: an invalid command.
    broken.run('matmul', { a, b }, { out: c }, { batch: 1, m: 1, k: 1, n: 64 * 70000, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
    broken.flush();
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatch(/^WebGPU error: /);
    expect(() => broken.run('fill', {}, { out: a }, { value: 1 })).toThrow(/the WebGPU backend cannot run: WebGPU error/);
    expect(() => broken.alloc(1)).toThrow(TorchError);
    broken.destroy();
  });
});

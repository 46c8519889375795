import { describe, expect, it } from 'vitest';
import { BufferPool, bucketBytes } from './buffer_pool.ts';
import { PipelineCache } from './pipeline_cache.ts';

/** Just enough of a GPUDevice to count what gets created and destroyed. */
function fakeDevice() {
  const created: { size: number; usage: number; destroyed: boolean }[] = [];
  let modules = 0;
  const device = {
    createBuffer: ({ size, usage }: GPUBufferDescriptor) => {
      const buffer = { size, usage, destroyed: false, destroy: () => (buffer.destroyed = true) };
      created.push(buffer);
      return buffer;
    },
    createShaderModule: () => ({ id: ++modules }),
    createComputePipeline: ({ compute }: GPUComputePipelineDescriptor) => ({ module: compute.module }),
  };
  return { device: device as unknown as GPUDevice, created, modules: () => modules };
}

describe('BufferPool', () => {
  it('rounds sizes into buckets', () => {
    expect([1, 16, 17, 4096, 4097].map(bucketBytes)).toEqual([16, 16, 32, 4096, 4352]);
  });

  it('reuses a released buffer for the same bucket and usage only', () => {
    const { device, created } = fakeDevice();
    const pool = new BufferPool(device);
    const first = pool.acquire(100, 0x80);
    expect(first.fresh).toBe(true);
    pool.release(first.buffer);
    pool.release(first.buffer);
    expect(pool.acquire(100, 0x40).fresh).toBe(true);
    const again = pool.acquire(110, 0x80);
    expect(again).toEqual({ buffer: first.buffer, fresh: false });
    // Released twice, handed out once: the next request gets a new buffer.
    expect(pool.acquire(100, 0x80).fresh).toBe(true);
    expect(created).toHaveLength(3);
  });

  it('destroys buffers past its budget only when told the work using them was submitted', () => {
    const { device, created } = fakeDevice();
    const pool = new BufferPool(device);
    const big = [pool.acquire(200 * 2 ** 20, 0x80), pool.acquire(200 * 2 ** 20, 0x80)];
    for (const { buffer } of big) pool.release(buffer);
    expect(created.map((b) => b.destroyed)).toEqual([false, false]);
    pool.destroySurplus();
    expect(created.map((b) => b.destroyed)).toEqual([false, true]);
    pool.clear();
    expect(created.map((b) => b.destroyed)).toEqual([true, true]);
  });
});

describe('PipelineCache', () => {
  it('compiles once per key', () => {
    const { device, modules } = fakeDevice();
    const cache = new PipelineCache(device);
    let built = 0;
    const code = () => `// ${++built}`;
    const a = cache.get('unary:exp', code);
    expect(cache.get('unary:exp', code)).toBe(a);
    expect(cache.get('unary:log', code)).not.toBe(a);
    expect([built, modules()]).toEqual([2, 2]);
  });
});

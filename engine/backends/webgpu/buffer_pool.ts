/**
 * GPU buffers reused by size x usage: creating buffers is slow and tensors come and go every
 * training step in the same few sizes. Sizes are rounded up so near sizes share a bucket.
 */

/** Bytes of released buffers kept for reuse; buffers released past this are destroyed instead. */
const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** Bytes actually allocated for a request: at least 16, then a multiple of 16 up to 4 KiB, of 256 beyond. */
export function bucketBytes(bytes: number): number {
  const align = bytes <= 4096 ? 16 : 256;
  return Math.max(16, Math.ceil(bytes / align) * align);
}

/** A buffer from the pool; `fresh` ones were just created, so WebGPU has zeroed them. */
export interface PooledBuffer {
  buffer: GPUBuffer;
  fresh: boolean;
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly pooled = new Set<GPUBuffer>();
  private pooledBytes = 0;
  /** Released past the budget; destroyed at the next submit, since recorded work may still use them. */
  private readonly surplus: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` with exactly `usage`. */
  acquire(bytes: number, usage: GPUBufferUsageFlags): PooledBuffer {
    const size = bucketBytes(bytes);
    const reused = this.free.get(`${size}:${usage}`)?.pop();
    if (reused !== undefined) {
      this.pooled.delete(reused);
      this.pooledBytes -= reused.size;
      return { buffer: reused, fresh: false };
    }
    return { buffer: this.device.createBuffer({ size, usage }), fresh: true };
  }

  /** Gives a buffer back for reuse; releasing it twice is ignored rather than handing it out twice. */
  release(buffer: GPUBuffer): void {
    if (this.pooled.has(buffer)) return;
    if (this.pooledBytes + buffer.size > MAX_POOLED_BYTES) {
      this.surplus.push(buffer);
      return;
    }
    const key = `${buffer.size}:${buffer.usage}`;
    const list = this.free.get(key);
    if (list === undefined) this.free.set(key, [buffer]);
    else list.push(buffer);
    this.pooled.add(buffer);
    this.pooledBytes += buffer.size;
  }

  /** Destroys the buffers released past the budget; call right after a submit. */
  destroySurplus(): void {
    for (const buffer of this.surplus.splice(0)) buffer.destroy();
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    this.destroySurplus();
    for (const buffer of this.pooled) buffer.destroy();
    this.free.clear();
    this.pooled.clear();
    this.pooledBytes = 0;
  }
}

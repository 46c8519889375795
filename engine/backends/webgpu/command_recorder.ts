/**
 * Records GPU work into one command encoder and submits it in batches, so a training step's many
 * dispatches reach the GPU in a few submits and the CPU never waits on the GPU between ops.
 * Work is submitted when something must observe it (a read), when a batch grows long, and at the
 * end of the current JavaScript task (a microtask), whichever comes first.
 */
import { TorchError } from '../../errors.ts';
import { bucketBytes, type BufferPool } from './buffer_pool.ts';
import type { KernelContext } from './kernels/kernel.ts';
import { PARAM_WORDS } from './kernels/wgsl.ts';
import type { PipelineCache } from './pipeline_cache.ts';
import { BufferUsage, MAP_MODE_READ, STORAGE_USAGE } from './usage.ts';

/** Commands per submit, past which the batch is submitted so the GPU can start on it. */
const MAX_COMMANDS_PER_SUBMIT = 512;

const PARAM_BYTES = PARAM_WORDS * 4;

export class CommandRecorder implements KernelContext {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private commands = 0;
  private flushQueued = false;
  /** Parameter blocks written by queue.writeBuffer: reusable only once their batch is submitted. */
  private readonly paramsInBatch: GPUBuffer[] = [];
  /** Upload staging buffers, destroyed once their batch is submitted. */
  private readonly stagingInBatch: GPUBuffer[] = [];
  private readonly layouts = new WeakMap<GPUComputePipeline, GPUBindGroupLayout>();

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly pipelines: PipelineCache,
  ) {}

  pipeline(key: string, code: () => string): GPUComputePipeline {
    return this.pipelines.get(key, code);
  }

  dispatch(
    pipeline: GPUComputePipeline,
    params: Uint32Array,
    buffers: readonly GPUBuffer[],
    [x, y, z]: readonly [number, number, number],
  ): void {
    if (x === 0 || y === 0 || z === 0) return;
    // A fresh parameter block per dispatch: writeBuffer lands before the whole batch runs, so
    // a block shared between dispatches of one batch would hold only the last values.
    const { buffer: paramBlock } = this.pool.acquire(PARAM_BYTES, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
    queueWrite(this.device, paramBlock, params);
    this.paramsInBatch.push(paramBlock);
    const entries = [paramBlock, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({ layout: this.layoutOf(pipeline), entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    this.recorded();
  }

  clear(buffer: GPUBuffer, elements: number): void {
    if (elements === 0) return;
    this.commandEncoder().clearBuffer(buffer, 0, elements * 4);
    this.recorded();
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, elements: number): void {
    if (elements === 0) return;
    this.commandEncoder().copyBufferToBuffer(src, srcOffset * 4, dst, dstOffset * 4, elements * 4);
    this.recorded();
  }

  scratch(elements: number): GPUBuffer {
    return this.pool.acquire(elements * 4, STORAGE_USAGE).buffer;
  }

  upload(data: Float32Array | Uint32Array): GPUBuffer {
    return this.filled(data);
  }

  release(buffer: GPUBuffer): void {
    this.pool.release(buffer);
  }

  /** A new storage buffer holding `data`, usable by work recorded from now on. */
  filled(data: Float32Array | Uint32Array): GPUBuffer {
    if (this.encoder === null) {
      // Nothing pending can touch a pooled buffer, so a plain queue write is in order.
      const buffer = this.scratch(data.length);
      if (data.length > 0) queueWrite(this.device, buffer, data);
      return buffer;
    }
    // Pending work may still use a pooled buffer: write a new one through its mapping instead.
    const buffer = this.device.createBuffer({ size: bucketBytes(data.byteLength), usage: STORAGE_USAGE, mappedAtCreation: true });
    copyInto(buffer, data);
    return buffer;
  }

  /** Overwrites the start of `buffer` with `data`, after all recorded work that uses it. */
  write(buffer: GPUBuffer, data: Float32Array): void {
    if (data.length === 0) return;
    if (this.encoder === null) {
      queueWrite(this.device, buffer, data);
      return;
    }
    const staging = this.device.createBuffer({ size: bucketBytes(data.byteLength), usage: BufferUsage.COPY_SRC, mappedAtCreation: true });
    copyInto(staging, data);
    this.stagingInBatch.push(staging);
    this.commandEncoder().copyBufferToBuffer(staging, 0, buffer, 0, data.byteLength);
    this.recorded();
  }

  /** Submits the recorded work, then copies the first `elements` values of `buffer` back. */
  async read(buffer: GPUBuffer, elements: number): Promise<Float32Array> {
    if (elements === 0) return new Float32Array(0);
    const bytes = elements * 4;
    const { buffer: staging } = this.pool.acquire(bytes, BufferUsage.MAP_READ | BufferUsage.COPY_DST);
    this.commandEncoder().copyBufferToBuffer(buffer, 0, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(MAP_MODE_READ, 0, bytes);
    } catch (error) {
      // The device was lost or destroyed while the copy was in flight.
      throw new TorchError(`reading a tensor back from the GPU failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    this.pool.release(staging);
    return values;
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (this.encoder === null) return;
    this.pass?.end();
    this.pass = null;
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.commands = 0;
    for (const block of this.paramsInBatch.splice(0)) this.pool.release(block);
    for (const staging of this.stagingInBatch.splice(0)) staging.destroy();
    this.pool.destroySurplus();
  }

  private commandEncoder(): GPUCommandEncoder {
    if (this.pass !== null) {
      this.pass.end();
      this.pass = null;
    }
    if (this.encoder === null) this.encoder = this.device.createCommandEncoder();
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    this.pass ??= this.commandEncoder().beginComputePass();
    return this.pass;
  }

  private recorded(): void {
    this.commands++;
    if (this.commands >= MAX_COMMANDS_PER_SUBMIT) {
      this.flush();
    } else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  private layoutOf(pipeline: GPUComputePipeline): GPUBindGroupLayout {
    let layout = this.layouts.get(pipeline);
    if (layout === undefined) {
      layout = pipeline.getBindGroupLayout(0);
      this.layouts.set(pipeline, layout);
    }
    return layout;
  }
}

/** Fills a buffer created with `mappedAtCreation` and unmaps it. */
function copyInto(buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
}

/** queue.writeBuffer of a typed array's bytes at the start of `buffer`. */
function queueWrite(device: GPUDevice, buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
}

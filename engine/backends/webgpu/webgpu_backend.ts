/// <reference types="@webgpu/types" />
/**
 * The WebGPU backend: storages are GPU buffers from a pool, kernels record compute dispatches
 * (see kernels/), and work is submitted in batches. Reads are asynchronous only; a lost device
 * is reported through `onLost` so the engine can move the run to the CPU.
 */
import { TorchError } from '../../errors.ts';
import type { Backend, Storage } from '../backend.ts';
import { mapArgs, type KernelAttrs, type KernelInputs, type KernelName, type KernelOutputs } from '../kernel_names.ts';
import { BufferPool } from './buffer_pool.ts';
import { CommandRecorder } from './command_recorder.ts';
import { requestGpuDevice, watchDevice } from './device.ts';
import { webgpuKernels } from './kernels/index.ts';
import type { GpuArg, GpuKernel } from './kernels/kernel.ts';
import { PipelineCache } from './pipeline_cache.ts';
import { STORAGE_USAGE } from './usage.ts';

export interface WebGpuStorage extends Storage {
  readonly backend: 'webgpu';
  readonly buffer: GPUBuffer;
}

export interface WebGpuBackend extends Backend {
  readonly name: 'webgpu';
  /** The adapter in words. */
  readonly description: string;
  /**
   * Calls `callback` with a readable message when the device is lost or a GPU error escapes;
   * from then on the backend refuses work. Returns a function that unsubscribes.
   */
  onLost(callback: (message: string) => void): () => void;
  /** Submits recorded work now (it is submitted at the end of the current task anyway). */
  flush(): void;
  /** Releases every GPU resource; the backend cannot be used afterwards. */
  destroy(): void;
}

class WebGpuBackendImpl implements WebGpuBackend {
  readonly name = 'webgpu' as const;
  private readonly pool: BufferPool;
  private readonly recorder: CommandRecorder;
  private readonly lostCallbacks = new Set<(message: string) => void>();
  private failure: string | null = null;
  private destroyed = false;
  /**
   * Storages nobody references any more hand their buffer back to the pool: the engine never
   * frees tensors explicitly, so without this every step would create fresh buffers. Reuse is
   * safe because all work that used the storage was recorded before it became unreachable, and
   * commands run in recording order.
   */
  private readonly unreachable = new FinalizationRegistry<GPUBuffer>((buffer) => {
    if (!this.destroyed) this.pool.release(buffer);
  });

  constructor(
    private readonly device: GPUDevice,
    readonly description: string,
    /** Held only to keep the device alive (see GpuDevice.origin). */
    private readonly origin: readonly [GPU, GPUAdapter],
  ) {
    this.pool = new BufferPool(device);
    this.recorder = new CommandRecorder(device, this.pool, new PipelineCache(device));
    watchDevice(device, () => this.destroyed, (message) => this.fail(message));
  }

  alloc(length: number): Storage {
    this.checkUsable();
    const { buffer, fresh } = this.pool.acquire(this.checkedBytes(length), STORAGE_USAGE);
    if (!fresh) this.recorder.clear(buffer, length);
    return this.tracked(webgpuStorage(buffer, length));
  }

  private tracked(storage: Storage): Storage {
    this.unreachable.register(storage, bufferOf(storage), storage);
    return storage;
  }

  fromArray(data: Float32Array): Storage {
    this.checkUsable();
    this.checkedBytes(data.length);
    return this.tracked(webgpuStorage(this.recorder.filled(data), data.length));
  }

  write(storage: Storage, data: Float32Array): void {
    this.checkUsable();
    this.recorder.write(bufferOf(storage), data);
  }

  readSync(): Float32Array {
    throw new TorchError(
      "cannot read a tensor on the 'webgpu' device synchronously: GPU memory can only be read " +
        "asynchronously. Use 'await tensor.data()' or 'await tensor.tolistAsync()' instead",
    );
  }

  read(storage: Storage): Promise<Float32Array> {
    this.checkUsable();
    return this.recorder.read(bufferOf(storage), storage.length);
  }

  free(storage: Storage): void {
    this.unreachable.unregister(storage);
    if (!this.destroyed) this.pool.release(bufferOf(storage));
  }

  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K, Storage>, outputs: KernelOutputs<K, Storage>, attrs: KernelAttrs[K]): void {
    this.checkUsable();
    const fn: GpuKernel<K> | undefined = webgpuKernels[kernel];
    if (fn === undefined) throw new TorchError(`kernel "${kernel}" is not implemented on the webgpu backend`);
    const outArgs = mapArgs(outputs, argOf);
    const written = new Set(Object.values<GpuArg>(outArgs).map((a) => a.buffer));
    // A buffer bound for reading and writing in one dispatch is invalid in WebGPU, and in-place
    // callers (a += b into a) expect the old values: such inputs are read from a copy.
    const copies: GPUBuffer[] = [];
    const inArgs = mapArgs(inputs, (storage: Storage): GpuArg => {
      const arg = argOf(storage);
      if (!written.has(arg.buffer)) return arg;
      const copy = this.recorder.scratch(arg.length);
      this.recorder.copy(arg.buffer, 0, copy, 0, arg.length);
      copies.push(copy);
      return { buffer: copy, length: arg.length };
    });
    fn(this.recorder, inArgs as KernelInputs<K, GpuArg>, outArgs as KernelOutputs<K, GpuArg>, attrs);
    for (const copy of copies) this.recorder.release(copy);
  }

  onLost(callback: (message: string) => void): () => void {
    const failure = this.failure;
    if (failure !== null) queueMicrotask(() => callback(failure));
    else this.lostCallbacks.add(callback);
    return () => this.lostCallbacks.delete(callback);
  }

  flush(): void {
    if (this.failure === null && !this.destroyed) this.recorder.flush();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.flush();
    this.destroyed = true;
    this.pool.clear();
    this.device.destroy();
  }

  private fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    for (const callback of this.lostCallbacks) callback(message);
    this.lostCallbacks.clear();
  }

  private checkUsable(): void {
    if (this.destroyed) throw new TorchError('the WebGPU backend has been destroyed; use the cpu device');
    if (this.failure !== null) throw new TorchError(`the WebGPU backend cannot run: ${this.failure}; use the cpu device`);
  }

  private checkedBytes(length: number): number {
    const bytes = length * 4;
    const max = this.device.limits.maxStorageBufferBindingSize;
    if (bytes > max) {
      throw new TorchError(`a tensor of ${length} elements (${bytes} bytes) exceeds the GPU's largest buffer of ${max} bytes`);
    }
    return bytes;
  }
}

function webgpuStorage(buffer: GPUBuffer, length: number): WebGpuStorage {
  return { backend: 'webgpu', length, buffer };
}

function bufferOf(storage: Storage): GPUBuffer {
  if (storage.backend !== 'webgpu') {
    throw new TorchError(`expected a storage on the 'webgpu' backend, but got one on '${storage.backend}'`);
  }
  return (storage as WebGpuStorage).buffer;
}

function argOf(storage: Storage): GpuArg {
  return { buffer: bufferOf(storage), length: storage.length };
}

/**
 * Creates the WebGPU backend on `gpu` (default: navigator.gpu), or says in one line why it cannot.
 *
 * @example
 * const result = await createWebGpuBackend();
 * if ('backend' in result) registerBackend(result.backend);
 * else notice(`running on the CPU: ${result.reason}`);
 */
export async function createWebGpuBackend(gpu?: GPU): Promise<{ backend: WebGpuBackend } | { reason: string }> {
  const result = await requestGpuDevice(gpu);
  if ('reason' in result) return result;
  return { backend: new WebGpuBackendImpl(result.device, result.description, result.origin) };
}

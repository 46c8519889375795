/**
 * The narrow contract between ops and a device: allocate, copy in and out, free, and run a
 * kernel by name. Backends never import Tensor; a missing kernel fails loudly by its name.
 */
import type { KernelAttrs, KernelInputs, KernelName, KernelOutputs } from './kernel_names.ts';

export type BackendName = 'cpu' | 'webgpu';

/** An opaque block of float32 values that lives on one backend. */
export interface Storage {
  readonly backend: BackendName;
  /** Number of float32 elements. */
  readonly length: number;
}

export interface Backend {
  readonly name: BackendName;
  /** A zero-filled storage of `length` elements. */
  alloc(length: number): Storage;
  /** A storage holding a copy of `data`. */
  fromArray(data: Float32Array): Storage;
  /** Overwrites a storage with `data` (same length). */
  write(storage: Storage, data: Float32Array): void;
  /** Synchronous read; backends that cannot (GPU) throw a message pointing at the async form. */
  readSync(storage: Storage): Float32Array;
  /** Asynchronous read; always works. */
  read(storage: Storage): Promise<Float32Array>;
  /** Releases the storage's memory (a no-op where the garbage collector does it). */
  free(storage: Storage): void;
  /** Runs a kernel on its named inputs; outputs are preallocated by the caller and written in place. */
  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K, Storage>, outputs: KernelOutputs<K, Storage>, attrs: KernelAttrs[K]): void;
}

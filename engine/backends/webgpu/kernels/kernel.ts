/**
 * What a WebGPU kernel sees: its arguments as GPU buffers with their element counts, and a
 * context that compiles pipelines (cached) and records dispatches, clears and copies into the
 * current command encoder. Kernels never wait on the GPU.
 */
import type { KernelAttrs, KernelInputs, KernelName, KernelOutputs } from '../../kernel_names.ts';
import { PARAM_WORDS, WORKGROUP_SIZE } from './wgsl.ts';

/** A kernel argument: a buffer holding `length` float32 values (the buffer may be larger). */
export interface GpuArg {
  readonly buffer: GPUBuffer;
  readonly length: number;
}

export interface KernelContext {
  /** The compiled pipeline for `key`; `code` builds its WGSL the first time the key is seen. */
  pipeline(key: string, code: () => string): GPUComputePipeline;
  /** Records one dispatch: binding 0 is the parameter block, then `buffers` in binding order. */
  dispatch(
    pipeline: GPUComputePipeline,
    params: Uint32Array,
    buffers: readonly GPUBuffer[],
    workgroups: readonly [number, number, number],
  ): void;
  /** Records zeroing the first `elements` float32 values of `buffer`. */
  clear(buffer: GPUBuffer, elements: number): void;
  /** Records a copy of `elements` float32 values, offsets in elements. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, elements: number): void;
  /** A scratch buffer of at least `elements` float32 values (contents undefined); give it back with `release`. */
  scratch(elements: number): GPUBuffer;
  /** A scratch buffer holding `data`, written in order with the recorded work. */
  upload(data: Float32Array | Uint32Array): GPUBuffer;
  /** Returns a scratch buffer; safe right after recording its last use. */
  release(buffer: GPUBuffer): void;
}

/** A kernel: records work reading its named `inputs` and writing its preallocated named `outputs`. */
export type GpuKernel<K extends KernelName> = (
  ctx: KernelContext,
  inputs: KernelInputs<K, GpuArg>,
  outputs: KernelOutputs<K, GpuArg>,
  attrs: KernelAttrs[K],
) => void;

export type GpuKernelTable = { [K in KernelName]: GpuKernel<K> };

/** An argument's buffer (with `mapArgs`, a record of arguments as their buffers). */
export const bufferOf = (arg: GpuArg): GPUBuffer => arg.buffer;

const MAX_WORKGROUPS_PER_DIM = 65535;

/** Workgroups for `threads` threads of {@link WORKGROUP_SIZE}, folded into y past 65535 in x. */
export function grid1d(threads: number): [number, number, number] {
  const groups = Math.ceil(threads / WORKGROUP_SIZE);
  if (groups <= MAX_WORKGROUPS_PER_DIM) return [groups, 1, 1];
  return [MAX_WORKGROUPS_PER_DIM, Math.ceil(groups / MAX_WORKGROUPS_PER_DIM), 1];
}

/**
 * Packs kernel parameters as the 32-bit words the WGSL `pu`/`pi`/`pf` accessors read, in the
 * order they are appended.
 */
export class ParamWriter {
  private readonly words = new Uint32Array(PARAM_WORDS);
  private readonly floats = new Float32Array(this.words.buffer);
  private next = 0;

  u32(...values: readonly number[]): this {
    for (const v of values) this.words[this.take()] = v >>> 0;
    return this;
  }

  /** Signed values (strides may be negative) as two's complement bits. */
  i32(...values: readonly number[]): this {
    for (const v of values) this.words[this.take()] = v | 0;
    return this;
  }

  f32(value: number): this {
    this.floats[this.take()] = value;
    return this;
  }

  done(): Uint32Array {
    return this.words;
  }

  private take(): number {
    if (this.next >= PARAM_WORDS) {
      throw new Error(`kernel parameters exceed ${PARAM_WORDS} words (a shape of too high a rank)`);
    }
    return this.next++;
  }
}

/**
 * Turning tensor specs into engine tensors: decode each storage's bytes straight into the new
 * tensor's float32 memory (one pass, no intermediate copy), share one engine storage between
 * tensors that each cover a whole storage (tied weights, reshapes), and gather strided views.
 * The number of elements made is bounded by the file's size, so a small hostile file cannot
 * claim gigabytes through stride-0 views.
 */
import { cpuData } from '../backends/cpu/cpu_backend.ts';
import { getBackend } from '../backends/registry.ts';
import type { Storage } from '../backends/backend.ts';
import { TorchError } from '../errors.ts';
import { Parameter } from '../nn/parameter.ts';
import { device } from '../tensor/device.ts';
import { Tensor } from '../tensor/tensor.ts';
import { decodeInto, describeLoss, DTYPES, type StoredDType } from './dtypes.ts';
import type { StorageRef, TensorSpec } from './tensor_spec.ts';

/** A note that loading changed or dropped something, naming the tensor (or value) concerned. */
export interface LoadWarning {
  /** The dotted path of the tensor, e.g. `model.rnn.weight_ih_l0` ('' for the file as a whole). */
  name: string;
  message: string;
}

/** Progress in bytes of tensor data read so far, of the total to read. */
export type ProgressCallback = (loaded_bytes: number, total_bytes: number) => void;

interface Decoded {
  values: Float32Array;
  storage: Storage;
}

/** A fresh CPU storage of `n` float32 values, filled in place by `fill`. */
function filledStorage(n: number, fill: (values: Float32Array) => void): Decoded {
  const storage = getBackend('cpu').alloc(n);
  const values = cpuData(storage);
  fill(values);
  return { values, storage };
}

function isContiguous(size: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let i = size.length - 1; i >= 0; i--) {
    if (size[i] !== 1 && stride[i] !== expected) return false;
    expected *= size[i]!;
  }
  return true;
}

/**
 * The most float32 elements a load may create from a file of `fileBytes` bytes: all it could
 * hold (one element per byte) twice over, plus room for small views.
 */
export function elementBudget(fileBytes: number): number {
  return 2 ** 24 + 2 * fileBytes;
}

export class Materializer {
  private readonly whole = new Map<StorageRef, Decoded>();
  private readonly counted = new Set<StorageRef>();
  private loaded = 0;
  private made = 0;
  readonly warnings: LoadWarning[] = [];

  constructor(
    /** Bytes of all the storages that will be read, for progress. */
    private readonly total: number,
    /** The most float32 elements this load may create. */
    private readonly budget: number,
    private readonly onProgress?: ProgressCallback,
  ) {
    onProgress?.(0, total);
  }

  private spend(n: number, name: string): void {
    this.made += n;
    if (this.made > this.budget) {
      throw new TorchError(
        `${name}: the file's tensors would need ${this.made} elements, more than a file of this size can hold ` +
          `(views with zero strides that repeat a few values many times?); refusing to allocate them`,
      );
    }
  }

  private progress(ref: StorageRef): void {
    if (this.counted.has(ref)) return;
    this.counted.add(ref);
    this.loaded += ref.nbytes;
    this.onProgress?.(this.loaded, this.total);
  }

  private warnLoss(name: string, dtype: StoredDType, loss: ReturnType<typeof decodeInto>, total: number): void {
    const message = describeLoss(dtype, loss, total);
    if (message !== null) this.warnings.push({ name, message });
  }

  /** The whole storage decoded once, shared by every tensor that covers it. */
  private wholeStorage(ref: StorageRef, name: string): Decoded {
    let decoded = this.whole.get(ref);
    if (decoded === undefined) {
      this.spend(ref.numel, name);
      const bytes = ref.bytes();
      decoded = filledStorage(ref.numel, (values) => this.warnLoss(name, ref.dtype, decodeInto(bytes, ref.dtype, ref.littleEndian, 0, ref.numel, values), ref.numel));
      this.whole.set(ref, decoded);
    }
    return decoded;
  }

  /** The engine tensor for `spec`, named `name` in messages. */
  tensor(spec: TensorSpec, name: string): Tensor {
    const ref = spec.storage;
    const numel = spec.numel;
    if (!Number.isSafeInteger(numel)) throw new TorchError(`${name}: the shape [${spec.size.join(', ')}] has too many elements`);
    let last = spec.offset;
    for (let d = 0; d < spec.size.length; d++) last += (spec.size[d]! - 1) * spec.stride[d]!;
    if (numel > 0 && last >= ref.numel) {
      throw new TorchError(
        `${name}: a view of shape [${spec.size.join(', ')}], stride [${spec.stride.join(', ')}] at offset ${spec.offset} ` +
          `reads element ${last} of storage '${ref.key}', which holds ${ref.numel} ${ref.dtype} elements`,
      );
    }
    const contiguous = isContiguous(spec.size, spec.stride);
    let storage: Storage;
    if (contiguous && spec.offset === 0 && numel === ref.numel && numel > 0) {
      storage = this.wholeStorage(ref, name).storage;
    } else if (contiguous || numel === 0) {
      this.spend(numel, name);
      const cached = this.whole.get(ref);
      storage = cached !== undefined
        ? filledStorage(numel, (values) => values.set(cached.values.subarray(spec.offset, spec.offset + numel))).storage
        : filledStorage(numel, (values) => this.warnLoss(name, ref.dtype, decodeInto(ref.bytes(), ref.dtype, ref.littleEndian, spec.offset, numel, values), numel)).storage;
    } else {
      const source = this.wholeStorage(ref, name).values;
      this.spend(numel, name);
      storage = filledStorage(numel, (values) => gather(source, spec, values)).storage;
    }
    this.progress(ref);
    const t = new Tensor(storage, spec.size, { device: device('cpu'), dtype: DTYPES[ref.dtype].engine, requires_grad: false });
    if (spec.parameter) return new Parameter(t, spec.requires_grad);
    if (spec.requires_grad) t.requires_grad_(true);
    return t;
  }
}

/** Copies a strided view into row-major order. */
function gather(source: Float32Array, spec: TensorSpec, out: Float32Array): void {
  const { size, stride } = spec;
  const rank = size.length;
  const index = new Array<number>(rank).fill(0);
  let at = spec.offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = source[at]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) {
        at += stride[d]!;
        break;
      }
      at -= (size[d]! - 1) * stride[d]!;
      index[d] = 0;
    }
  }
}

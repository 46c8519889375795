/**
 * What a pickle says about a tensor before any data is read: a storage (a key into the file, a
 * dtype and an element count) and a strided view of it. Reading the pickle only makes these;
 * the data is decoded afterwards, once each tensor's name is known, so progress can be reported
 * and losses named.
 */
import { TorchError } from '../errors.ts';
import { DTYPES, type StoredDType } from './dtypes.ts';

export class StorageRef {
  private data: Uint8Array | undefined;
  private readonly views = new Map<StoredDType, StorageRef>();

  constructor(
    /** The storage's key in the file (`archive/data/<key>`), for messages. */
    readonly key: string,
    readonly dtype: StoredDType,
    /** Elements of `dtype`. */
    readonly numel: number,
    /** The file's byte order for this storage. */
    readonly littleEndian: boolean,
    /** Reads the storage's bytes from the file (checked and cached on first use). */
    private readonly fetch: () => Uint8Array,
  ) {}

  get nbytes(): number {
    return this.numel * DTYPES[this.dtype].size;
  }

  /** The storage's bytes: exactly `nbytes`, or a TorchError when the file holds fewer. */
  bytes(): Uint8Array {
    if (this.data === undefined) {
      const raw = this.fetch();
      if (raw.length < this.nbytes) {
        throw new TorchError(
          `storage '${this.key}' is truncated: the pickle says it holds ${this.numel} ${this.dtype} elements ` +
            `(${this.nbytes} bytes), but the file has ${raw.length} bytes for it`,
        );
      }
      this.data = raw.subarray(0, this.nbytes);
    }
    return this.data;
  }

  /**
   * The same bytes read as another dtype (an untyped storage that `_rebuild_tensor_v3` gives a
   * dtype), whole elements only.
   */
  as(dtype: StoredDType): StorageRef {
    if (dtype === this.dtype) return this;
    let view = this.views.get(dtype);
    if (view === undefined) {
      const size = DTYPES[dtype].size;
      view = new StorageRef(this.key, dtype, Math.floor(this.nbytes / size), this.littleEndian, () => this.bytes());
      this.views.set(dtype, view);
    }
    return view;
  }
}

export class TensorSpec {
  /** What loading drops from this tensor (Python attributes), reported under its name. */
  readonly notes: string[] = [];

  constructor(
    readonly storage: StorageRef,
    /** Offset of the first element, in elements. */
    readonly offset: number,
    readonly size: readonly number[],
    /** Elements to step per index of each dim. */
    readonly stride: readonly number[],
    readonly requires_grad: boolean,
    /** Whether PyTorch pickled an `nn.Parameter`. */
    readonly parameter: boolean,
  ) {}

  get numel(): number {
    let n = 1;
    for (const d of this.size) n *= d;
    return n;
  }

  /** A Parameter over the same view (`_rebuild_parameter`). */
  asParameter(requires_grad: boolean): TensorSpec {
    const param = new TensorSpec(this.storage, this.offset, this.size, this.stride, requires_grad, true);
    param.notes.push(...this.notes);
    return param;
  }
}

/**
 * An engine tensor's values as a file stores them: little-endian float32, int64 or bool bytes.
 * Shared by `torch.save` and `safetensors.save`.
 */
import { cpuData } from '../backends/cpu/cpu_backend.ts';
import type { Storage } from '../backends/backend.ts';
import { TorchError } from '../errors.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';

/** Throws unless `t` can be read synchronously (GPU memory cannot), naming `what` and the fix. */
export function checkReadable(t: Tensor, caller: string, what: string): void {
  if (t.device.type !== 'cpu') {
    throw new TorchError(
      `${caller}: ${what} is on the '${t.device}' device, which can only be read asynchronously. ` +
        `Move it first: await t.to_async('cpu') (or await model.to_async('cpu'))`,
    );
  }
}

/** The first `numel` values of a CPU storage, encoded for `dtype` (a view for float32, no copy). */
export function storageBytes(storage: Storage, numel: number, dtype: DType, what: string): Uint8Array {
  const values = cpuData(storage).subarray(0, numel);
  if (dtype === 'float32') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (dtype === 'bool') return Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new TorchError(`${what}: an int64 tensor holds ${v}, which is not an integer`);
    out[i] = BigInt(Math.trunc(v));
  }
  return new Uint8Array(out.buffer);
}

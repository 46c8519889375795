/**
 * `torch.serialization`: PyTorch's file formats. `torch.load` and `torch.save` are exported from
 * `torch` itself; here are the details a file browser needs (every tensor with its path and
 * stored dtype, the warnings, the format) and the tuple marker for saving.
 */
export { load, read, type LoadOptions, type LoadResult, type TensorEntry } from './torch_load.ts';
export { save } from './torch_save.ts';
export { sniff, type FileFormat } from './formats.ts';
export { tuple, type PyKey, type PyValue } from './py_values.ts';
export type { StoredDType } from './dtypes.ts';
export type { LoadWarning, ProgressCallback } from './materialize.ts';
export type { PathKey } from './value_tree.ts';

/**
 * WebGPU flag values, fixed by the spec. Spelled out here so the backend works with any `GPU`
 * object handed to it (Dawn in Node does not install the GPUBufferUsage globals).
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MAP_MODE_READ = 0x0001;

/** Usage of every tensor storage and scratch buffer. */
export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

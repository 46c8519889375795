/** Strided copies in and out: the one mechanism behind views, slicing, cat and their gradients. */
import { arg, type CpuKernel } from './kernel.ts';

/** Rows at least this long are copied with `set(subarray)` (a memcpy) instead of a loop. */
const MEMCPY_MIN = 16;

/**
 * The same walk over fewer dimensions: each dimension whose stride spans the whole of the next
 * one merges into it (a contiguous [T, N, H] becomes [T N H]), and sizes of 1 go. Strided
 * kernels then copy whole contiguous runs at once.
 */
function collapse(shape: readonly number[], strides: readonly number[]): { shape: number[]; strides: number[] } {
  const outShape: number[] = [];
  const outStrides: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && outStrides[last] === strides[d]! * shape[d]!) {
      outShape[last] = outShape[last]! * shape[d]!;
      outStrides[last] = strides[d]!;
    } else {
      outShape.push(shape[d]!);
      outStrides.push(strides[d]!);
    }
  }
  return outShape.length === 0 ? { shape: [1], strides: [1] } : { shape: outShape, strides: outStrides };
}

export const strided_copy: CpuKernel<'strided_copy'> = (inputs, outputs, attrs) => {
  const a = arg(inputs, 0);
  const out = arg(outputs, 0);
  const { offset } = attrs;
  if (attrs.outShape.length === 0) {
    out[0] = a[offset]!;
    return;
  }
  const { shape: outShape, strides } = collapse(attrs.outShape, attrs.strides);
  const rank = outShape.length;
  const last = rank - 1;
  const lastSize = outShape[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(rank).fill(0);
  let src = offset;
  let o = 0;
  const rows = out.length / Math.max(lastSize, 1);
  const memcpy = lastStride === 1 && lastSize >= MEMCPY_MIN;
  for (let r = 0; r < rows; r++) {
    if (memcpy) {
      out.set(a.subarray(src, src + lastSize), o);
      o += lastSize;
    } else {
      for (let j = 0, s = src; j < lastSize; j++, s += lastStride) out[o++] = a[s]!;
    }
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      src += strides[d]!;
      if (idx[d]! < outShape[d]!) break;
      src -= strides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
};

export const strided_write: CpuKernel<'strided_write'> = (inputs, outputs, attrs) => {
  const a = arg(inputs, 0);
  const out = arg(outputs, 0);
  const { offset, accumulate } = attrs;
  if (attrs.shape.length === 0) {
    out[offset] = accumulate ? out[offset]! + a[0]! : a[0]!;
    return;
  }
  const { shape, strides } = collapse(attrs.shape, attrs.strides);
  const rank = shape.length;
  const last = rank - 1;
  const lastSize = shape[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(rank).fill(0);
  let dst = offset;
  let i = 0;
  const rows = a.length / Math.max(lastSize, 1);
  const memcpy = !accumulate && lastStride === 1 && lastSize >= MEMCPY_MIN;
  for (let r = 0; r < rows; r++) {
    if (memcpy) {
      out.set(a.subarray(i, i + lastSize), dst);
      i += lastSize;
    } else if (accumulate) for (let j = 0, d = dst; j < lastSize; j++, d += lastStride) out[d] = out[d]! + a[i++]!;
    else for (let j = 0, d = dst; j < lastSize; j++, d += lastStride) out[d] = a[i++]!;
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      dst += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      dst -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
};

export const gather_rows: CpuKernel<'gather_rows'> = (inputs, outputs, { rows, width }) => {
  const table = arg(inputs, 0);
  const index = arg(inputs, 1);
  const out = arg(outputs, 0);
  for (let r = 0; r < rows; r++) {
    const src = index[r]! * width;
    out.set(table.subarray(src, src + width), r * width);
  }
};

export const scatter_add_rows: CpuKernel<'scatter_add_rows'> = (inputs, outputs, { rows, width }) => {
  const src = arg(inputs, 0);
  const index = arg(inputs, 1);
  const out = arg(outputs, 0);
  for (let r = 0; r < rows; r++) {
    const dst = index[r]! * width;
    for (let j = 0; j < width; j++) out[dst + j] = out[dst + j]! + src[r * width + j]!;
  }
};

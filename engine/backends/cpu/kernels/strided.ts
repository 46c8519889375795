/** Strided copies in and out: the one mechanism behind views, slicing, cat and their gradients. */
import { arg, type CpuKernel } from './kernel.ts';

export const strided_copy: CpuKernel<'strided_copy'> = (inputs, outputs, { outShape, strides, offset }) => {
  const a = arg(inputs, 0);
  const out = arg(outputs, 0);
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = a[offset]!;
    return;
  }
  const last = rank - 1;
  const lastSize = outShape[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(rank).fill(0);
  let src = offset;
  let o = 0;
  const rows = out.length / Math.max(lastSize, 1);
  for (let r = 0; r < rows; r++) {
    for (let j = 0, s = src; j < lastSize; j++, s += lastStride) out[o++] = a[s]!;
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      src += strides[d]!;
      if (idx[d]! < outShape[d]!) break;
      src -= strides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
};

export const strided_write: CpuKernel<'strided_write'> = (inputs, outputs, { shape, strides, offset, accumulate }) => {
  const a = arg(inputs, 0);
  const out = arg(outputs, 0);
  const rank = shape.length;
  if (rank === 0) {
    out[offset] = accumulate ? out[offset]! + a[0]! : a[0]!;
    return;
  }
  const last = rank - 1;
  const lastSize = shape[last]!;
  const lastStride = strides[last]!;
  const idx = new Array<number>(rank).fill(0);
  let dst = offset;
  let i = 0;
  const rows = a.length / Math.max(lastSize, 1);
  for (let r = 0; r < rows; r++) {
    if (accumulate) for (let j = 0, d = dst; j < lastSize; j++, d += lastStride) out[d] = out[d]! + a[i++]!;
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

/**
 * Strided addressing shared by binary, strided_copy and strided_write: dims are collapsed on the
 * CPU first (fewer dims, less index math per element), then each thread turns its flat index
 * into an offset with the shape and strides from the parameter block.
 */

export interface CollapsedLayout {
  shape: number[];
  /** One stride list per addressed buffer, each as long as `shape`. */
  strides: number[][];
}

/**
 * Drops size-1 dims and merges a dim into the next inner one wherever every stride list steps
 * over it contiguously (outer stride = inner stride * inner size), which keeps the element order.
 */
export function collapseDims(shape: readonly number[], stridesList: readonly (readonly number[])[]): CollapsedLayout {
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable = last >= 0 && stridesList.every((s, k) => outStrides[k]![last] === s[d]! * size);
    if (mergeable) {
      outShape[last] = outShape[last]! * size;
      stridesList.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(size);
      stridesList.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * `strided_offset(i, rank, shape_at, strides_at)`: the offset of flat (row-major) index `i` for
 * the shape stored at parameter word `shape_at` and strides at `strides_at`. Needs PARAMS_WGSL.
 */
export const STRIDED_OFFSET_WGSL = /* wgsl */ `
fn strided_offset(i: u32, rank: u32, shape_at: u32, strides_at: u32) -> i32 {
  var rem = i;
  var off = 0i;
  for (var d = rank; d > 0u; d--) {
    let size = pu(shape_at + d - 1u);
    off += i32(rem % size) * pi(strides_at + d - 1u);
    rem = rem / size;
  }
  return off;
}
`;

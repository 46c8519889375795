/**
 * strided_write: in place, out[offset + idx . strides] (+)= a[idx] over shape. Threads run in
 * parallel when no two indices reach the same element; when they may (a stride of 0, or strides
 * that overlap), a single thread walks the elements in order, as the CPU does, so accumulation
 * never races and the last write wins the same way.
 */
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { collapseDims, STRIDED_KERNEL_HEADER_WGSL } from './strided_index.ts';
import { WORKGROUP_SIZE } from './wgsl.ts';

const code = (accumulate: boolean) => (): string => /* wgsl */ `
${STRIDED_KERNEL_HEADER_WGSL}

// Parameters: n, threads, rank, offset, shape[rank], strides[rank].
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let tid = flat_index(gid, nwg);
  let threads = pu(1u);
  if (tid >= threads) { return; }
  let n = pu(0u);
  let rank = pu(2u);
  for (var i = tid; i < n; i += threads) {
    let dst = pi(3u) + strided_offset(i, rank, 4u, 4u + rank);
    out[dst] = ${accumulate ? 'out[dst] + ' : ''}input[i];
  }
}
`;

/**
 * True when distinct indices always reach distinct elements: sorted by stride, each dim's stride
 * must step past everything the smaller dims can reach.
 */
function isInjective(shape: readonly number[], strides: readonly number[]): boolean {
  const dims = shape.map((size, d) => ({ size, stride: Math.abs(strides[d]!) })).sort((x, y) => x.stride - y.stride);
  let reach = 0;
  for (const { size, stride } of dims) {
    if (stride <= reach) return false;
    reach += (size - 1) * stride;
  }
  return true;
}

export const strided_write: GpuKernel<'strided_write'> = (ctx, { src: a }, { out }, { shape, strides, offset, accumulate }) => {
  const layout = collapseDims(shape, [strides]);
  const layoutStrides = layout.strides[0]!;
  const n = layout.shape.reduce((p, s) => p * s, 1);
  const parallel = isInjective(layout.shape, layoutStrides);
  const grid: [number, number, number] = parallel ? grid1d(n) : [1, 1, 1];
  const threads = parallel ? grid[0] * grid[1] * WORKGROUP_SIZE : 1;
  const params = new ParamWriter()
    .u32(n, threads, layout.shape.length)
    .i32(offset)
    .u32(...layout.shape)
    .i32(...layoutStrides)
    .done();
  ctx.dispatch(ctx.pipeline(`strided_write:${accumulate ? 'add' : 'set'}`, code(accumulate)), params, [a.buffer, out.buffer], grid);
};

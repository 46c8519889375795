/** strided_copy: a contiguous output over outShape reading a[offset + idx . strides] (views made real). */
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { collapseDims, STRIDED_KERNEL_HEADER_WGSL } from './strided_index.ts';
import { WORKGROUP_SIZE } from './wgsl.ts';

const code = (): string => /* wgsl */ `
${STRIDED_KERNEL_HEADER_WGSL}

// Parameters: n, rank, offset, shape[rank], strides[rank].
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= pu(0u)) { return; }
  let rank = pu(1u);
  out[i] = input[pi(2u) + strided_offset(i, rank, 3u, 3u + rank)];
}
`;

export const strided_copy: GpuKernel<'strided_copy'> = (ctx, { x: a }, { out }, { outShape, strides, offset }) => {
  const layout = collapseDims(outShape, [strides]);
  const rank = layout.shape.length;
  const params = new ParamWriter().u32(out.length, rank).i32(offset).u32(...layout.shape).i32(...layout.strides[0]!).done();
  ctx.dispatch(ctx.pipeline('strided_copy', code), params, [a.buffer, out.buffer], grid1d(out.length));
};

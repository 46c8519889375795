/**
 * scatter_add_rows: in place, out[idx[r], :] += src[r, :]. Indices may repeat and WGSL has no
 * float atomics, so each thread owns one column and walks the rows in order: no races, and the
 * same summation order as the CPU.
 */
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { FLAT_INDEX_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

const code = (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> index: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// Parameters: rows, width.
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = flat_index(gid, nwg);
  let rows = pu(0u);
  let width = pu(1u);
  if (j >= width) { return; }
  for (var r = 0u; r < rows; r++) {
    let dst = u32(index[r]) * width + j;
    out[dst] = out[dst] + src[r * width + j];
  }
}
`;

export const scatter_add_rows: GpuKernel<'scatter_add_rows'> = (ctx, { src, index }, { out }, { rows, width }) => {
  const params = new ParamWriter().u32(rows, width).done();
  ctx.dispatch(ctx.pipeline('scatter_add_rows', code), params, [src.buffer, index.buffer, out.buffer], grid1d(width));
};

/** gather_rows: out[r, :] = table[idx[r], :], one thread per output element. */
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { FLAT_INDEX_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

const code = (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> index: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

// Parameters: rows, width.
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  let width = pu(1u);
  if (i >= pu(0u) * width) { return; }
  let r = i / width;
  out[i] = table[u32(index[r]) * width + i % width];
}
`;

export const gather_rows: GpuKernel<'gather_rows'> = (ctx, { table, index }, { out }, { rows, width }) => {
  const params = new ParamWriter().u32(rows, width).done();
  ctx.dispatch(ctx.pipeline('gather_rows', code), params, [table.buffer, index.buffer, out.buffer], grid1d(rows * width));
};

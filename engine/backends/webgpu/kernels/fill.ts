/** fill: every element of the output set to one value. */
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { FLAT_INDEX_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

const code = (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i < pu(0u)) { out[i] = pf(1u); }
}
`;

export const fill: GpuKernel<'fill'> = (ctx, _inputs, { out }, { value }) => {
  // +0 is all zero bits: the encoder clears without a shader (-0 keeps its sign bit below).
  if (Object.is(value, 0)) {
    ctx.clear(out.buffer, out.length);
    return;
  }
  const params = new ParamWriter().u32(out.length).f32(value).done();
  ctx.dispatch(ctx.pipeline('fill', code), params, [out.buffer], grid1d(out.length));
};

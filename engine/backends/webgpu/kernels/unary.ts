/** unary: one elementwise function per UnaryOp, each compiled into its own pipeline. */
import type { UnaryOp } from '../../kernel_names.ts';
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/**
 * WGSL expressions of `x`, matching the CPU kernel, for x not NaN: `apply` returns NaN for NaN
 * (sign: 0, as PyTorch's (0 < x) - (x < 0)) before any builtin or comparison sees it.
 */
const expressions: Record<UnaryOp, string> = {
  neg: '-x',
  exp: 'exp(x)',
  // WGSL leaves log and sqrt of negatives undefined (some drivers take |x|); PyTorch says NaN.
  // and log(±0) = -inf, where some drivers give log of the smallest float.
  log: 'select(select(log(x), neg_inf_from(x), x == 0.0), nan_from(x), x < 0.0)',
  tanh: 'stable_tanh(x)',
  // x < 0 -> 0, else x itself (so -0 stays -0, as PyTorch's clamp_min(x, 0)).
  relu: 'select(x, 0.0, x < 0.0)',
  sigmoid: 'stable_sigmoid(x)',
  sqrt: 'select(sqrt(x), nan_from(x), x < 0.0)',
  abs: 'abs(x)',
  sign: 'select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0)',
  reciprocal: '1.0 / x',
  trunc: 'select(trunc(x), 0.0, trunc(x) == 0.0)',
};

/** Split by sign so exp never overflows for large |x|, as on the CPU. */
const SIGMOID_WGSL = /* wgsl */ `
fn stable_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
`;

const code = (op: UnaryOp) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${NAN_WGSL}
${op === 'tanh' ? STABLE_TANH_WGSL : ''}
${op === 'sigmoid' ? SIGMOID_WGSL : ''}
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

fn apply(x: f32) -> f32 {
  if (is_nan(x)) { return ${op === 'sign' ? '0.0' : 'x'}; }
  return ${expressions[op]};
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i < pu(0u)) { out[i] = apply(input[i]); }
}
`;

export const unary: GpuKernel<'unary'> = (ctx, { x: a }, { out }, { op }) => {
  const params = new ParamWriter().u32(out.length).done();
  ctx.dispatch(ctx.pipeline(`unary:${op}`, code(op)), params, [a.buffer, out.buffer], grid1d(out.length));
};

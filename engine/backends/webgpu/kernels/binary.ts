/**
 * binary: out[idx] = op(a[idx . aStrides], b[idx . bStrides]) with broadcasting (stride 0).
 * One pipeline per op and per layout class: "flat" when the dims collapse to one (same shape,
 * or a broadcast scalar), "strided" otherwise.
 */
import type { BinaryOp } from '../../kernel_names.ts';
import { grid1d, ParamWriter, type GpuKernel } from './kernel.ts';
import { collapseDims, STRIDED_OFFSET_WGSL } from './strided_index.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/**
 * WGSL expressions of `a` and `b`, matching the CPU kernel. WGSL leaves comparisons and min/max
 * unspecified for NaN, so every comparison is guarded by `ordered` (false with a NaN, as IEEE
 * says), maximum/minimum return the NaN operand, and relu's gradient passes g where y is NaN.
 */
const expressions: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow_js(a, b)',
  maximum: 'max_nan(a, b)',
  minimum: 'min_nan(a, b)',
  gt: 'select(0.0, 1.0, ordered(a, b) && a > b)',
  lt: 'select(0.0, 1.0, ordered(a, b) && a < b)',
  ge: 'select(0.0, 1.0, ordered(a, b) && a >= b)',
  le: 'select(0.0, 1.0, ordered(a, b) && a <= b)',
  eq: 'select(0.0, 1.0, ordered(a, b) && a == b)',
  tanh_backward: 'a * (1.0 - b * b)',
  // PyTorch's threshold_backward: 0 where y <= 0, else g (a NaN y passes g on).
  relu_backward: 'select(a, 0.0, !is_nan(b) && b <= 0.0)',
  sigmoid_backward: 'a * b * (1.0 - b)',
  mask: 'select(0.0, a, b != 0.0)',
};

/**
 * C's pow (which PyTorch calls) where WGSL's pow (exp2(b * log2(a))) has no answer: a negative
 * base with an integer exponent; 1 for b = 0 or a = 1 whatever the other (NaN included) and for
 * (-1) ** ±inf; NaN in, NaN out otherwise. The common exponents are exact products.
 */
const POW_WGSL = /* wgsl */ `
fn pow_js(a: f32, b: f32) -> f32 {
  if ((!is_nan(b) && b == 0.0) || (!is_nan(a) && a == 1.0)) { return 1.0; }
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  if (a == -1.0 && (bitcast<u32>(b) & 0x7fffffffu) == 0x7f800000u) { return 1.0; }
  if (a == 0.0) {
    // C: +-0 to a negative power is +-inf, to a positive one +-0 (the sign only for odd integers).
    let odd = floor(b) == b && fract(b * 0.5) != 0.0;
    let negative_zero = (bitcast<u32>(a) & 0x80000000u) != 0u && odd;
    if (b < 0.0) { return select(inf_from(a), neg_inf_from(a), negative_zero); }
    return select(0.0, a, negative_zero);
  }
  if (b == 1.0) { return a; }
  if (b == 2.0) { return a * a; }
  if (b == -1.0) { return 1.0 / a; }
  if (b == 0.5 && a >= 0.0) { return sqrt(a); }
  let r = exp2(b * log2(abs(a)));
  if (a >= 0.0 || is_nan(a)) { return r; }
  if (floor(b) != b) { return nan_from(b); }
  return select(r, -r, fract(b * 0.5) != 0.0);
}
`;

/** PyTorch's maximum and minimum: a NaN operand wins. */
const MIN_MAX_WGSL = /* wgsl */ `
fn max_nan(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  return select(b, a, a > b);
}
fn min_nan(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  return select(b, a, a < b);
}
`;

/** Rank 1: the offsets are the index times each stride (1, or 0 for a broadcast scalar). */
const FLAT_OFFSETS = 'let ai = i32(i) * pi(3u);\n  let bi = i32(i) * pi(4u);';
const STRIDED_OFFSETS =
  'let rank = pu(1u);\n  let ai = strided_offset(i, rank, 2u, 2u + rank);\n  let bi = strided_offset(i, rank, 2u, 2u + 2u * rank);';

const code = (op: BinaryOp, flat: boolean) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${NAN_WGSL}
${STRIDED_OFFSET_WGSL}
${op === 'pow' ? POW_WGSL : ''}
${op === 'maximum' || op === 'minimum' ? MIN_MAX_WGSL : ''}
@group(0) @binding(1) var<storage, read> lhs: array<f32>;
@group(0) @binding(2) var<storage, read> rhs: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn apply(a: f32, b: f32) -> f32 { return ${expressions[op]}; }

// Parameters: n, rank, shape[rank], aStrides[rank], bStrides[rank].
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= pu(0u)) { return; }
  ${flat ? FLAT_OFFSETS : STRIDED_OFFSETS}
  out[i] = apply(lhs[ai], rhs[bi]);
}
`;

export const binary: GpuKernel<'binary'> = (ctx, { a, b }, { out }, { op, outShape, aStrides, bStrides }) => {
  const layout = collapseDims(outShape, [aStrides, bStrides]);
  // A single element collapses to no dims: give it one of size 1.
  const shape = layout.shape.length > 0 ? layout.shape : [1];
  const [sa, sb] = layout.shape.length > 0 ? layout.strides : [[0], [0]];
  const flat = shape.length === 1;
  const params = new ParamWriter().u32(out.length, shape.length).u32(...shape).i32(...sa!).i32(...sb!).done();
  const pipeline = ctx.pipeline(`binary:${op}:${flat ? 'flat' : 'strided'}`, code(op, flat));
  ctx.dispatch(pipeline, params, [a.buffer, b.buffer, out.buffer], grid1d(out.length));
};

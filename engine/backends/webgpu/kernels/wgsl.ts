/**
 * WGSL snippets shared by the kernels: the parameter block every shader reads its sizes from, the
 * flat thread index, NaN tests that survive fast-math compilers, and a tanh that cannot overflow.
 */

/** Workgroup size of every one-thread-per-element kernel. */
export const WORKGROUP_SIZE = 256;

/** Words in the parameter block; shapes and strides of up to rank 20 fit. */
export const PARAM_WORDS = 64;

/**
 * Binding 0 of every kernel: sizes, strides and scalars as 32-bit words, read by index with
 * `pu` (u32), `pi` (i32) and `pf` (f32). A uniform block keeps them out of the shader text, so
 * one compiled pipeline serves every shape.
 */
export const PARAMS_WGSL = /* wgsl */ `
struct Params { w: array<vec4<u32>, ${PARAM_WORDS / 4}> }
@group(0) @binding(0) var<uniform> params: Params;
fn pu(i: u32) -> u32 { return params.w[i / 4u][i % 4u]; }
fn pi(i: u32) -> i32 { return bitcast<i32>(pu(i)); }
fn pf(i: u32) -> f32 { return bitcast<f32>(pu(i)); }
`;

/**
 * The flat index of this thread in a dispatch laid out by `grid1d` (x up to 65535 workgroups,
 * then rows in y), so element-wise kernels are not capped at 65535 * 256 elements.
 */
export const FLAT_INDEX_WGSL = /* wgsl */ `
fn flat_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * ${WORKGROUP_SIZE}u;
}
`;

/**
 * NaN on the bits: compilers may assume `x != x` is false, and PyTorch semantics (max propagates
 * NaN, argmax finds the first NaN, log and sqrt of negatives are NaN) need the real answer. WGSL
 * leaves comparisons, min/max and the builtins unspecified for NaN, so kernels test it explicitly
 * before relying on any of them. `ordered(a, b)`: neither is NaN, so a comparison means what it says.
 */
export const NAN_WGSL = /* wgsl */ `
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
// A NaN built from a runtime value (x adds no bits): a constant NaN does not compile in WGSL.
fn nan_from(x: f32) -> f32 { return bitcast<f32>(0x7fc00000u | (bitcast<u32>(x) & 0u)); }
// ±inf, built the same way (a constant infinity is a shader-creation error too).
fn inf_from(x: f32) -> f32 { return bitcast<f32>(0x7f800000u | (bitcast<u32>(x) & 0u)); }
fn neg_inf_from(x: f32) -> f32 { return bitcast<f32>(0xff800000u | (bitcast<u32>(x) & 0u)); }
fn ordered(a: f32, b: f32) -> bool { return !is_nan(a) && !is_nan(b); }
`;

/**
 * tanh that neither overflows nor loses digits, and passes NaN on (needs {@link NAN_WGSL}). Some drivers compute tanh as
 * (e^2x - 1) / (e^2x + 1), which is inf/inf = NaN for large |x|. Here: for |x| >= 0.55,
 * (1 - e) / (1 + e) with e = exp(-2|x|) <= 1 (no overflow, no cancellation); below, where 1 - e
 * would cancel, the Taylor series to x^17 (relative error under 1e-7 on that interval).
 */
export const STABLE_TANH_WGSL = /* wgsl */ `
fn stable_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.55) {
    let x2 = x * x;
    var p = 0.000590027440945586;
    p = p * x2 - 0.0014558343870513183;
    p = p * x2 + 0.003592128036572481;
    p = p * x2 - 0.008863235529902197;
    p = p * x2 + 0.021869488536155203;
    p = p * x2 - 0.05396825396825397;
    p = p * x2 + 0.13333333333333333;
    p = p * x2 - 0.3333333333333333;
    p = p * x2 + 1.0;
    return x * p;
  }
  let e = exp(-2.0 * ax);
  return sign(x) * (1.0 - e) / (1.0 + e);
}
`;

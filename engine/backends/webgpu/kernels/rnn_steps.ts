/**
 * What the RNN forward and backward share: the recurrence must run step after step, so each
 * step's shader handles a range of steps [s0, s1) with a storage barrier between them. Small
 * problems run every step in one workgroup (one dispatch, no per-step overhead); larger ones get
 * one dispatch per step over as many workgroups as the batch x hidden grid needs, all recorded
 * into the same command encoder.
 */
import type { Nonlinearity, RnnAttrs } from '../../kernel_names.ts';
import { grid1d, ParamWriter, type KernelContext } from './kernel.ts';
import { WORKGROUP_SIZE } from './wgsl.ts';

/** Up to this many multiply-adds per step (N x H x H), one workgroup loops over all steps. */
const ONE_WORKGROUP_MAX_WORK = 1 << 18;

/**
 * Records the step shader over steps 0..T-1. Parameters passed to the shader: T, N, H, s0, s1,
 * threads (the number of threads sharing the N x H grid).
 */
export function recordSteps(
  ctx: KernelContext,
  pipeline: GPUComputePipeline,
  buffers: readonly GPUBuffer[],
  { T, N, H }: RnnAttrs,
): void {
  const params = (s0: number, s1: number, threads: number) => new ParamWriter().u32(T, N, H, s0, s1, threads).done();
  if (N * H * H <= ONE_WORKGROUP_MAX_WORK) {
    ctx.dispatch(pipeline, params(0, T, WORKGROUP_SIZE), buffers, [1, 1, 1]);
    return;
  }
  const grid = grid1d(N * H);
  const threads = grid[0] * grid[1] * WORKGROUP_SIZE;
  for (let s = 0; s < T; s++) ctx.dispatch(pipeline, params(s, s + 1, threads), buffers, grid);
}

/** Each entry's valid length as u32 (all T without packing), uploaded for the shaders. */
export function uploadLengths(ctx: KernelContext, { T, N, lengths }: Pick<RnnAttrs, 'T' | 'N' | 'lengths'>): GPUBuffer {
  const values = new Uint32Array(Math.max(N, 1));
  for (let b = 0; b < N; b++) values[b] = lengths === null ? T : lengths[b]!;
  return ctx.upload(values);
}

/**
 * `time_of(s, len)`: the time index that step s of an entry of valid length `len` touches:
 * s forward, len - 1 - s in reverse (a reversed packed sequence starts at its own last step).
 */
export const timeOfWgsl = (reverse: boolean): string => /* wgsl */ `
fn time_of(s: u32, len: u32) -> u32 { return ${reverse ? 'len - 1u - s' : 's'}; }
`;

/**
 * The activation, and `activation_backward(g, y)`: the gradient at its input given g at its output
 * y, as PyTorch computes it: g (1 - y^2) for tanh, and for relu a select, not a product, so g
 * passes where y is NaN and an infinite g gives 0 (not NaN) where y <= 0. Needs NAN_WGSL and
 * STABLE_TANH_WGSL.
 */
export const activationWgsl = (nonlinearity: Nonlinearity): string =>
  nonlinearity === 'tanh'
    ? /* wgsl */ `
fn activation(v: f32) -> f32 { return stable_tanh(v); }
fn activation_backward(g: f32, y: f32) -> f32 { return g * (1.0 - y * y); }
`
    : /* wgsl */ `
fn activation(v: f32) -> f32 { return select(v, 0.0, !is_nan(v) && v < 0.0); }
fn activation_backward(g: f32, y: f32) -> f32 { return select(g, 0.0, !is_nan(y) && y <= 0.0); }
`;

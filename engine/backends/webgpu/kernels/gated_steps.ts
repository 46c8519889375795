/**
 * What the fused LSTM and GRU kernels (lstm.ts, gru.ts) share on WebGPU. A step of theirs has
 * phases (say, the cell update, then the projection that needs the whole row of the update), so
 * the step shader runs the phases its parameter mask selects, with a storage barrier after each.
 * Small problems run every step and phase in one workgroup (one dispatch); larger ones get one
 * dispatch per step and phase over as many workgroups as the largest phase needs, all recorded
 * into the same command encoder, which orders them.
 */
import type { GatedAttrs } from '../../kernel_names.ts';
import { grid1d, ParamWriter, type KernelContext } from './kernel.ts';
import { FLAT_INDEX_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/** Up to this many multiply-adds per step, one workgroup loops over all steps. */
const ONE_WORKGROUP_MAX_WORK = 1 << 18;

/**
 * Records the step shader over steps 0..T-1. Its parameters: T, N, H, P, s0, s1, threads, and
 * the mask of phases to run (bit k for phase k). `threads` is the widest phase's element count;
 * `work` the multiply-adds of one whole step.
 */
export function recordPhasedSteps(
  ctx: KernelContext, pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[],
  { T, N, H, P }: GatedAttrs, phases: number, widest: number, work: number,
): void {
  const params = (s0: number, s1: number, threads: number, mask: number) => new ParamWriter().u32(T, N, H, P, s0, s1, threads, mask).done();
  if (work <= ONE_WORKGROUP_MAX_WORK) {
    ctx.dispatch(pipeline, params(0, T, WORKGROUP_SIZE, (1 << phases) - 1), buffers, [1, 1, 1]);
    return;
  }
  const grid = grid1d(widest);
  const threads = grid[0] * grid[1] * WORKGROUP_SIZE;
  for (let s = 0; s < T; s++) {
    for (let phase = 0; phase < phases; phase++) ctx.dispatch(pipeline, params(s, s + 1, threads, 1 << phase), buffers, grid);
  }
}

/**
 * The step shader's preamble: parameter accessors, `sigmoid`, `time_of(s, len)` (as rnn_steps.ts)
 * and `prev_time(t)`, the step whose state step t starts from.
 */
export const gatedPreambleWgsl = (reverse: boolean): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
fn sigmoid(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
fn time_of(s: u32, len: u32) -> u32 { return ${reverse ? 'len - 1u - s' : 's'}; }
fn prev_time(t: u32) -> u32 { return ${reverse ? 't + 1u' : 't - 1u'}; }
`;

/**
 * dst [T*N, width]: the state each step started from, h0 at an entry's first step, else `width`
 * values from `offset` of the neighbouring step's row of `states` (rows of `stride`), 0 past the
 * entry's length; so W_hh's gradient is one product over all steps.
 */
const prevStatesCode = (reverse: boolean) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
@group(0) @binding(1) var<storage, read> states: array<f32>;
@group(0) @binding(2) var<storage, read> init: array<f32>;
@group(0) @binding(3) var<storage, read> lengths: array<u32>;
@group(0) @binding(4) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  let T = pu(0u);
  let N = pu(1u);
  let width = pu(2u);
  if (i >= T * N * width) { return; }
  let row = i / width;
  let q = i % width;
  let t = row / N;
  let b = row % N;
  let len = lengths[b];
  var v = 0.0;
  ${
    reverse
      ? 'if (t + 1u < len) { v = states[(row + N) * pu(3u) + pu(4u) + q]; } else if (t + 1u == len) { v = init[b * width + q]; }'
      : 'if (t == 0u) { v = init[b * width + q]; } else if (t < len) { v = states[(row - N) * pu(3u) + pu(4u) + q]; }'
  }
  dst[i] = v;
}
`;

export function recordPreviousStates(
  ctx: KernelContext, attrs: GatedAttrs, states: GPUBuffer, stride: number, offset: number,
  init: GPUBuffer, width: number, lengths: GPUBuffer, dst: GPUBuffer,
): void {
  const { T, N, reverse } = attrs;
  const pipeline = ctx.pipeline(`gated_prev_states:${reverse ? 'reverse' : 'forward'}`, prevStatesCode(reverse));
  ctx.dispatch(pipeline, new ParamWriter().u32(T, N, width, stride, offset).done(), [states, init, lengths, dst], grid1d(T * N * width));
}

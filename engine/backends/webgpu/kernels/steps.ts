/**
 * What the fused recurrent kernels (rnn_forward.ts, rnn_backward.ts, lstm.ts, gru.ts) share on
 * WebGPU. The recurrence must run step after step, and a step may have phases (say, the cell
 * update, then the projection that needs the whole row of the update), so one step shader runs
 * the steps [s0, s1) and, in each, the phases its parameter mask selects, with a storage barrier
 * after each. Small problems run every step and phase in one workgroup (one dispatch, no per-step
 * overhead); larger ones get one dispatch per step and phase over as many workgroups as the
 * widest phase needs, all recorded into the same command encoder, which orders them.
 */
import { grid1d, ParamWriter, type KernelContext } from './kernel.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, STABLE_TANH_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

/** Up to this many multiply-adds per step, one workgroup loops over all steps. */
const ONE_WORKGROUP_MAX_WORK = 1 << 18;

/** The sizes a step shader reads: T steps, N entries, H hidden units, P the size of h (H without a projection). */
export interface StepDims {
  T: number;
  N: number;
  H: number;
  P: number;
}

/**
 * Records the step shader over steps 0..T-1. Its parameters: T, N, H, P, s0, s1, threads, and
 * the mask of phases to run (bit k for phase k). `widest` is the widest phase's element count;
 * `work` the multiply-adds of one whole step.
 */
export function recordSteps(
  ctx: KernelContext, pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[],
  { T, N, H, P }: StepDims, phases: number, widest: number, work: number,
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

/** Each entry's valid length as u32 (all T without packing), uploaded for the shaders. */
export function uploadLengths(ctx: KernelContext, { T, N, lengths }: { T: number; N: number; lengths: readonly number[] | null }): GPUBuffer {
  const values = new Uint32Array(Math.max(N, 1));
  for (let b = 0; b < N; b++) values[b] = lengths === null ? T : lengths[b]!;
  return ctx.upload(values);
}

/**
 * The step shader's preamble: parameter accessors, `is_nan`, `stable_tanh`, `sigmoid`,
 * `time_of(s, len)`, the time index step s of an entry of valid length `len` touches (s forward,
 * len - 1 - s in reverse: a reversed packed sequence starts at its own last step), and
 * `prev_time(t)`, the time whose state step t starts from.
 */
export const stepPreambleWgsl = (reverse: boolean): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${NAN_WGSL}
${STABLE_TANH_WGSL}
fn sigmoid(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
fn time_of(s: u32, len: u32) -> u32 { return ${reverse ? 'len - 1u - s' : 's'}; }
fn prev_time(t: u32) -> u32 { return ${reverse ? 't + 1u' : 't - 1u'}; }
`;

/** `@group(0) @binding(i + 1)` declarations: read-only f32 arrays, `lengths` as u32, then read_write ones. */
export function bindings(readOnly: readonly string[], readWrite: readonly string[]): string {
  const ro = readOnly.map((name, i) => `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<${name === 'lengths' ? 'u32' : 'f32'}>;`);
  const rw = readWrite.map((name, i) => `@group(0) @binding(${readOnly.length + i + 1}) var<storage, read_write> ${name}: array<f32>;`);
  return [...ro, ...rw].join('\n');
}

/**
 * The step shader's `main`: T, N, H, P, threads, run_phases and tid from the parameters, then
 * `constants`, then for each step u in [s0, s1) the phases the mask selects. s is the forward
 * step it runs: u, or for backward kernels T - 1 - u, so their gradients flow from the last step.
 */
export function stepMainWgsl(backward: boolean, constants: string, phases: readonly string[]): string {
  const body = phases.map((phase, k) => `    if ((run_phases & ${1 << k}u) != 0u) {\n${phase}\n      storageBarrier();\n    }`);
  return /* wgsl */ `
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let T = pu(0u);
  let N = pu(1u);
  let H = pu(2u);
  let P = pu(3u);
  let threads = pu(6u);
  let run_phases = pu(7u);
  let tid = flat_index(gid, nwg);
${constants}
  for (var u = pu(4u); u < pu(5u); u++) {
    let s = ${backward ? 'T - 1u - u' : 'u'};
${body.join('\n')}
  }
}
`;
}

/**
 * One phase: a thread per (b, `index` < `width`) over the N entries; `body` runs where step s is
 * within entry b's length, with p, len, t = time_of(s, len) and row = t * N + b in scope. A state
 * that ping-pongs between steps is read by `keep.before` and written by `keep.after` for every
 * entry, so an entry past its length keeps it.
 */
export function phaseWgsl(width: 'H' | 'P', index: string, body: string, keep = { before: '', after: '' }): string {
  return /* wgsl */ `      for (var p = tid; p < N * ${width}; p += threads) {
        let b = p / ${width};
        let ${index} = p % ${width};
        let len = lengths[b];
        ${keep.before}
        if (s < len) {
          let t = time_of(s, len);
          let row = t * N + b;
          ${body}
        }
        ${keep.after}
      }`;
}

/**
 * dst [T*N, width]: the state each step started from, h0 at an entry's first step, else `width`
 * values from `offset` of the neighbouring step's row of `states` (rows of `stride`), 0 past the
 * entry's length (where the step gradients are 0 anyway); so W_hh's gradient is one product over
 * all steps.
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
  ctx: KernelContext, { T, N, reverse }: { T: number; N: number; reverse: boolean },
  states: GPUBuffer, stride: number, offset: number, init: GPUBuffer, width: number, lengths: GPUBuffer, dst: GPUBuffer,
): void {
  const pipeline = ctx.pipeline(`prev_states:${reverse ? 'reverse' : 'forward'}`, prevStatesCode(reverse));
  ctx.dispatch(pipeline, new ParamWriter().u32(T, N, width, stride, offset).done(), [states, init, lengths, dst], grid1d(T * N * width));
}

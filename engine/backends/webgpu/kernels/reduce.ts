/**
 * reduce: the input viewed as [outer, size, inner], reduced over the middle axis. Two layouts of
 * the same arithmetic: one thread per output walking the whole axis ("serial", for many outputs
 * or short axes), or one workgroup per output that splits the axis over its threads and combines
 * the partial results in workgroup memory ("tree", for long axes with few outputs).
 */
import type { KernelAttrs, ReduceOp } from '../../kernel_names.ts';
import { grid1d, ParamWriter, type GpuKernel, type KernelContext } from './kernel.ts';
import { FLAT_INDEX_WGSL, NAN_WGSL, PARAMS_WGSL, WORKGROUP_SIZE } from './wgsl.ts';

const MAX_WORKGROUPS_PER_DIM = 65535;

/**
 * Sums are compensated (Kahan), standing in for the CPU's float64 accumulator; the compensation
 * is dropped once the sum is not finite so inf stays inf instead of becoming NaN. max/min/arg*
 * keep (value, index); `replaces` is PyTorch's order: the first NaN wins, then the best value,
 * ties going to the lower index. An index of EMPTY marks a thread that saw no element.
 */
const ACCUMULATE_WGSL = (op: ReduceOp): string => /* wgsl */ `
${NAN_WGSL}
const EMPTY = 0xffffffffu;
struct Acc { v: f32, c: f32, at: u32 }

fn replaces(best: Acc, v: f32, at: u32) -> bool {
  if (at == EMPTY) { return false; }
  if (best.at == EMPTY) { return true; }
  if (is_nan(best.v)) { return is_nan(v) && at < best.at; }
  if (is_nan(v)) { return true; }
  if (v ${op === 'max' || op === 'argmax' ? '>' : '<'} best.v) { return true; }
  return v == best.v && at < best.at;
}

fn add(acc: Acc, v: f32, at: u32) -> Acc {
  ${
    op === 'sum'
      ? `let y = v - acc.c;
  let t = acc.v + y;
  let finite = (bitcast<u32>(t) & 0x7f800000u) != 0x7f800000u;
  return Acc(t, select(0.0, (t - acc.v) - y, finite), 0u);`
      : 'if (replaces(acc, v, at)) { return Acc(v, 0.0, at); }\n  return acc;'
  }
}

fn result(acc: Acc) -> f32 { return ${op === 'argmax' || op === 'argmin' ? 'f32(acc.at)' : 'acc.v'}; }
`;

const INITIAL = (op: ReduceOp): string => (op === 'sum' ? 'Acc(0.0, 0.0, 0u)' : 'Acc(0.0, 0.0, EMPTY)');

// Parameters (both layouts): outer, size, inner.
const serialCode = (op: ReduceOp) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${FLAT_INDEX_WGSL}
${ACCUMULATE_WGSL(op)}
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = flat_index(gid, nwg);
  let size = pu(1u);
  let inner = pu(2u);
  if (p >= pu(0u) * inner) { return; }
  let base = (p / inner) * size * inner + p % inner;
  var acc = ${INITIAL(op)};
  for (var r = 0u; r < size; r++) { acc = add(acc, input[base + r * inner], r); }
  out[p] = result(acc);
}
`;

const treeCode = (op: ReduceOp) => (): string => /* wgsl */ `
${PARAMS_WGSL}
${ACCUMULATE_WGSL(op)}
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
var<workgroup> partial: array<Acc, ${WORKGROUP_SIZE}>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let p = wid.x + wid.y * nwg.x;
  let size = pu(1u);
  let inner = pu(2u);
  if (p >= pu(0u) * inner) { return; }
  let base = (p / inner) * size * inner + p % inner;
  var acc = ${INITIAL(op)};
  for (var r = lid; r < size; r += ${WORKGROUP_SIZE}u) { acc = add(acc, input[base + r * inner], r); }
  partial[lid] = acc;
  workgroupBarrier();
  for (var half = ${WORKGROUP_SIZE / 2}u; half > 0u; half /= 2u) {
    if (lid < half) {
      let other = partial[lid + half];
      ${
        op === 'sum'
          ? 'partial[lid].v += other.v - (partial[lid].c + other.c);\n      partial[lid].c = 0.0;'
          : 'partial[lid] = add(partial[lid], other.v, other.at);'
      }
    }
    workgroupBarrier();
  }
  if (lid == 0u) { out[p] = result(partial[0]); }
}
`;

/** Records a reduction of `input` into `out` (shared with the RNN backward's bias gradient). */
export function recordReduce(ctx: KernelContext, input: GPUBuffer, out: GPUBuffer, attrs: KernelAttrs['reduce']): void {
  const { op, outer, size, inner } = attrs;
  const outputs = outer * inner;
  const params = new ParamWriter().u32(outer, size, inner).done();
  const tree = size >= 64 && outputs <= 16384;
  if (tree) {
    const grid: [number, number, number] =
      outputs <= MAX_WORKGROUPS_PER_DIM ? [outputs, 1, 1] : [MAX_WORKGROUPS_PER_DIM, Math.ceil(outputs / MAX_WORKGROUPS_PER_DIM), 1];
    ctx.dispatch(ctx.pipeline(`reduce:${op}:tree`, treeCode(op)), params, [input, out], grid);
  } else {
    ctx.dispatch(ctx.pipeline(`reduce:${op}:serial`, serialCode(op)), params, [input, out], grid1d(outputs));
  }
}

export const reduce: GpuKernel<'reduce'> = (ctx, { x }, { out }, attrs) => {
  recordReduce(ctx, x.buffer, out.buffer, attrs);
};

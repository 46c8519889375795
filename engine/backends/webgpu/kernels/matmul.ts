/**
 * matmul: out[b] = op(A[b]) @ op(B[b]), tiled. Each 16x16 workgroup computes a 64x64 block of the
 * output, 4x4 values per thread, walking k in steps of 16 through two tiles in workgroup memory.
 * transA/transB change how tiles are loaded, so each combination is its own pipeline.
 */
import type { KernelAttrs } from '../../kernel_names.ts';
import { ParamWriter, type GpuKernel, type KernelContext } from './kernel.ts';
import { PARAMS_WGSL } from './wgsl.ts';

const TILE = 64;
const TILE_K = 16;

const code = (transA: boolean, transB: boolean) => (): string => /* wgsl */ `
${PARAMS_WGSL}
const TRANS_A = ${transA};
const TRANS_B = ${transB};
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
// Both tiles are k-major, so the inner loop reads a row of each.
var<workgroup> tile_a: array<array<f32, ${TILE}>, ${TILE_K}>;
var<workgroup> tile_b: array<array<f32, ${TILE}>, ${TILE_K}>;

// op(A)[row, col], zero outside the matrix so edge tiles need no special case.
fn load_a(base: u32, row: u32, col: u32, M: u32, K: u32) -> f32 {
  if (row >= M || col >= K) { return 0.0; }
  if (TRANS_A) { return A[base + col * M + row]; }
  return A[base + row * K + col];
}

fn load_b(base: u32, row: u32, col: u32, K: u32, N: u32) -> f32 {
  if (row >= K || col >= N) { return 0.0; }
  if (TRANS_B) { return B[base + col * K + row]; }
  return B[base + row * N + col];
}

// Parameters: m, k, n, aBatchStride, bBatchStride.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let M = pu(0u);
  let K = pu(1u);
  let N = pu(2u);
  let a_base = wid.z * pu(3u);
  let b_base = wid.z * pu(4u);
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0u; k0 < K; k0 += ${TILE_K}u) {
    // 256 threads load 1024 values per tile; consecutive threads walk the stored rows so the
    // global reads are contiguous whichever way the matrix is stored.
    for (var e = 0u; e < 4u; e++) {
      let idx = li + e * 256u;
      let ka = select(idx % ${TILE_K}u, idx / ${TILE}u, TRANS_A);
      let ra = select(idx / ${TILE_K}u, idx % ${TILE}u, TRANS_A);
      tile_a[ka][ra] = load_a(a_base, row0 + ra, k0 + ka, M, K);
      let kb = select(idx / ${TILE}u, idx % ${TILE_K}u, TRANS_B);
      let cb = select(idx % ${TILE}u, idx / ${TILE_K}u, TRANS_B);
      tile_b[kb][cb] = load_b(b_base, k0 + kb, col0 + cb, K, N);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE_K}u; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tile_a[kk][lid.y + 16u * i];
        bv[i] = tile_b[kk][lid.x + 16u * i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] += av[i] * bv[j]; }
      }
    }
    workgroupBarrier();
  }
  let c_base = wid.z * M * N;
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y + 16u * i;
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + 16u * j;
      if (row < M && col < N) { C[c_base + row * N + col] = acc[i][j]; }
    }
  }
}
`;

/** Records out = op(a) @ op(b) (shared with the RNN kernels' projections and weight gradients). */
export function recordMatmul(ctx: KernelContext, a: GPUBuffer, b: GPUBuffer, out: GPUBuffer, attrs: KernelAttrs['matmul']): void {
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = attrs;
  const key = `matmul:${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
  const params = new ParamWriter().u32(m, k, n, aBatchStride, bBatchStride).done();
  ctx.dispatch(ctx.pipeline(key, code(transA, transB)), params, [a, b, out], [Math.ceil(n / TILE), Math.ceil(m / TILE), batch]);
}

export const matmul: GpuKernel<'matmul'> = (ctx, { a, b }, { out }, attrs) => {
  recordMatmul(ctx, a.buffer, b.buffer, out.buffer, attrs);
};

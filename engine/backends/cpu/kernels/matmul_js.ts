/**
 * The plain-JavaScript matrix multiply: both operands are packed into panels of 4 (rows of A,
 * columns of B), then each 4x4 tile of the output is summed in 16 local variables over all of k.
 * Locals live in registers, so each step is 8 unit-stride loads for 16 multiply-adds in float32
 * arithmetic (see `f32` below).
 */
import { packPanels } from './matmul_pack.ts';

const TILE = 4;

/** Grow-only packing buffers: no allocation once the largest shape has been seen. */
let packedA = new Float32Array(0);
let packedB = new Float32Array(0);
/** An edge tile, summed whole and then written only where it lies inside the output. */
const edge = new Float32Array(TILE * TILE);

/**
 * Every product and partial sum is rounded to float32, as the WebAssembly kernel (f32x4 mul, then
 * add) and PyTorch's float32 BLAS compute them: a float64 sum would keep [1e20, 1e20] . [1e20,
 * -1e20] at 0 where float32 overflows both products to inf and gives NaN. (A product of two
 * float32 values is exact in float64, and so is rounding it or a sum of two floats once.)
 */
const f32 = Math.fround;

/**
 * out[outOff..] (+)= op(A) @ op(B), [m, k] x [k, n] -> [m, n] row-major; see `gemm` in
 * matmul.ts for the arguments. The output is zeroed first unless `accumulate`; it may even
 * overlap an input, since both are packed before anything is written.
 */
export function gemmJs(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean,
): void {
  const mPanels = Math.ceil(m / TILE);
  const nPanels = Math.ceil(n / TILE);
  const panel = TILE * k;
  if (packedA.length < mPanels * panel) packedA = new Float32Array(mPanels * panel);
  if (packedB.length < nPanels * panel) packedB = new Float32Array(nPanels * panel);
  const pa = packedA;
  const pb = packedB;
  packPanels(a, aOff, m, k, transA, TILE, pa, 0);
  packPanels(b, bOff, n, k, !transB, TILE, pb, 0);
  if (!accumulate) out.fill(0, outOff, outOff + m * n);

  for (let jp = 0; jp < nPanels; jp++) {
    const bo = jp * panel;
    const j = jp * TILE;
    for (let ip = 0; ip < mPanels; ip++) {
      const ao = ip * panel;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < panel; p += TILE) {
        const a0 = pa[ao + p]!, a1 = pa[ao + p + 1]!, a2 = pa[ao + p + 2]!, a3 = pa[ao + p + 3]!;
        const b0 = pb[bo + p]!, b1 = pb[bo + p + 1]!, b2 = pb[bo + p + 2]!, b3 = pb[bo + p + 3]!;
        c00 = f32(c00 + f32(a0 * b0)); c01 = f32(c01 + f32(a0 * b1)); c02 = f32(c02 + f32(a0 * b2)); c03 = f32(c03 + f32(a0 * b3));
        c10 = f32(c10 + f32(a1 * b0)); c11 = f32(c11 + f32(a1 * b1)); c12 = f32(c12 + f32(a1 * b2)); c13 = f32(c13 + f32(a1 * b3));
        c20 = f32(c20 + f32(a2 * b0)); c21 = f32(c21 + f32(a2 * b1)); c22 = f32(c22 + f32(a2 * b2)); c23 = f32(c23 + f32(a2 * b3));
        c30 = f32(c30 + f32(a3 * b0)); c31 = f32(c31 + f32(a3 * b1)); c32 = f32(c32 + f32(a3 * b2)); c33 = f32(c33 + f32(a3 * b3));
      }
      const i = ip * TILE;
      let o = outOff + i * n + j;
      if (i + TILE <= m && j + TILE <= n) {
        out[o] = out[o]! + c00; out[o + 1] = out[o + 1]! + c01; out[o + 2] = out[o + 2]! + c02; out[o + 3] = out[o + 3]! + c03;
        o += n;
        out[o] = out[o]! + c10; out[o + 1] = out[o + 1]! + c11; out[o + 2] = out[o + 2]! + c12; out[o + 3] = out[o + 3]! + c13;
        o += n;
        out[o] = out[o]! + c20; out[o + 1] = out[o + 1]! + c21; out[o + 2] = out[o + 2]! + c22; out[o + 3] = out[o + 3]! + c23;
        o += n;
        out[o] = out[o]! + c30; out[o + 1] = out[o + 1]! + c31; out[o + 2] = out[o + 2]! + c32; out[o + 3] = out[o + 3]! + c33;
        continue;
      }
      edge[0] = c00; edge[1] = c01; edge[2] = c02; edge[3] = c03;
      edge[4] = c10; edge[5] = c11; edge[6] = c12; edge[7] = c13;
      edge[8] = c20; edge[9] = c21; edge[10] = c22; edge[11] = c23;
      edge[12] = c30; edge[13] = c31; edge[14] = c32; edge[15] = c33;
      const rows = Math.min(TILE, m - i);
      const cols = Math.min(TILE, n - j);
      for (let r = 0; r < rows; r++, o += n) {
        for (let c = 0; c < cols; c++) out[o + c] = out[o + c]! + edge[r * TILE + c]!;
      }
    }
  }
}

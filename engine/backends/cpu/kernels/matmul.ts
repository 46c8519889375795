/** Batched matrix multiply on Float32Arrays (reference loop order i-k-j for row-major locality). */
import { arg, type CpuKernel } from './kernel.ts';

export const matmul: CpuKernel<'matmul'> = (inputs, outputs, attrs) => {
  const a = arg(inputs, 0);
  const b = arg(inputs, 1);
  const out = arg(outputs, 0);
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = attrs;
  out.fill(0);
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * aBatchStride;
    const bo = bt * bBatchStride;
    const oo = bt * m * n;
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const av = transA ? a[ao + p * m + i]! : a[ao + i * k + p]!;
        if (av === 0) continue;
        const row = oo + i * n;
        if (transB) for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + av * b[bo + j * k + p]!;
        else for (let j = 0, bp = bo + p * n; j < n; j++) out[row + j] = out[row + j]! + av * b[bp + j]!;
      }
    }
  }
};

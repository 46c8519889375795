import { it } from 'vitest';
import { describeWebGpu, randomArray, runOnBoth } from './testing/gpu_suite.ts';
import { expectClose } from '../../testing/golden.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

describeWebGpu(await createNodeBackend(), 'webgpu matmul', (gpu) => {
  const sizes = [
    { m: 1, k: 1, n: 1 },
    { m: 5, k: 7, n: 3 },
    // Edges of the 64 x 64 output tiles and of the 16-wide k steps.
    { m: 65, k: 17, n: 70 },
    { m: 3, k: 100, n: 2 },
  ];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`transA=${transA} transB=${transB} matches the CPU`, async () => {
        for (const [s, { m, k, n }] of sizes.entries()) {
          const a = randomArray(m * k, 20 + s);
          const b = randomArray(k * n, 30 + s);
          const attrs = { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 };
          const { cpu, gpu: out } = await runOnBoth(gpu, 'matmul', [a, b], [new Float32Array(m * n)], attrs);
          expectClose(`matmul ${m}x${k}x${n}`, out[0]!, cpu[0]!, { atol: 1e-5, rtol: 1e-5 });
        }
      });
    }
  }

  it('batches, with stride 0 broadcasting one matrix', async () => {
    const [batch, m, k, n] = [3, 4, 5, 6];
    const a = randomArray(batch * m * k, 1);
    const b = randomArray(k * n, 2);
    for (const [aBatchStride, bBatchStride, aLen, bLen] of [
      [m * k, 0, batch * m * k, k * n],
      [0, k * n, m * k, batch * k * n],
    ] as const) {
      const bFull = bLen === k * n ? b : randomArray(bLen, 3);
      const attrs = { batch, m, k, n, transA: false, transB: true, aBatchStride, bBatchStride };
      const { cpu, gpu: out } = await runOnBoth(gpu, 'matmul', [a.subarray(0, aLen), bFull], [new Float32Array(batch * m * n)], attrs);
      expectClose('batched matmul', out[0]!, cpu[0]!, { atol: 1e-5, rtol: 1e-5 });
    }
  });
});

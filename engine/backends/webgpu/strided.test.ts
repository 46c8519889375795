import { it } from 'vitest';
import { describeWebGpu, randomArray, runOnBoth } from './testing/gpu_suite.ts';
import { expectClose } from '../../testing/golden.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

const EXACT = { atol: 0, rtol: 0 };

describeWebGpu(await createNodeBackend(), 'webgpu strided kernels', (gpu) => {
  it('strided_copy: a permuted, offset and expanded view', async () => {
    const a = randomArray(60, 1);
    // [3, 4, 5] permuted to [5, 3, 4], from offset 0; then a select with an expand (stride 0).
    for (const attrs of [
      { outShape: [5, 3, 4], strides: [1, 20, 5], offset: 0 },
      { outShape: [2, 3, 4], strides: [0, 5, 1], offset: 21 },
      { outShape: [], strides: [], offset: 7 },
    ]) {
      const size = attrs.outShape.reduce((p, s) => p * s, 1);
      const { cpu, gpu: out } = await runOnBoth(gpu, 'strided_copy', [a], [new Float32Array(size)], attrs);
      expectClose(`strided_copy ${JSON.stringify(attrs)}`, out[0]!, cpu[0]!, EXACT);
    }
  });

  it('strided_write: set and accumulate, including overlapping destinations', async () => {
    const base = randomArray(40, 2);
    const src = randomArray(12, 3);
    for (const accumulate of [false, true]) {
      for (const attrs of [
        { shape: [3, 4], strides: [8, 1], offset: 2 },
        // Every row lands on the same four elements: must add up in order, not race.
        { shape: [3, 4], strides: [0, 1], offset: 5 },
        { shape: [3, 4], strides: [2, 1], offset: 0 },
      ]) {
        const { cpu, gpu: out } = await runOnBoth(gpu, 'strided_write', [src], [base], { ...attrs, accumulate });
        expectClose(`strided_write ${JSON.stringify(attrs)} ${accumulate}`, out[0]!, cpu[0]!, { atol: 1e-6, rtol: 1e-6 });
      }
    }
  });

  it('gather_rows and scatter_add_rows with repeated indices', async () => {
    const table = randomArray(5 * 3, 4);
    const index = new Float32Array([4, 0, 4, 2, 4, 1]);
    const gathered = await runOnBoth(gpu, 'gather_rows', [table, index], [new Float32Array(6 * 3)], { rows: 6, width: 3 });
    expectClose('gather_rows', gathered.gpu[0]!, gathered.cpu[0]!, EXACT);
    const src = randomArray(6 * 3, 5);
    const scattered = await runOnBoth(gpu, 'scatter_add_rows', [src, index], [randomArray(5 * 3, 6)], { rows: 6, width: 3 });
    expectClose('scatter_add_rows', scattered.gpu[0]!, scattered.cpu[0]!, EXACT);
  });
});

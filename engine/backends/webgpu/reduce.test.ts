import { expect, it } from 'vitest';
import type { ReduceOp } from '../kernel_names.ts';
import { describeWebGpu, randomArray, runOnBoth } from './testing/gpu_suite.ts';
import { expectClose } from '../../testing/golden.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

const ops: ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];

describeWebGpu(await createNodeBackend(), 'webgpu reduce', (gpu) => {
  // Short axes take the one-thread-per-output layout, long ones the workgroup tree.
  const shapes = [
    { outer: 3, size: 5, inner: 4 },
    { outer: 1, size: 1000, inner: 1 },
    { outer: 2, size: 300, inner: 3 },
    { outer: 7, size: 1, inner: 2 },
  ];
  it.each(ops)('%s matches the CPU on short and long axes', async (op) => {
    for (const [s, shape] of shapes.entries()) {
      const x = randomArray(shape.outer * shape.size * shape.inner, 10 + s, -2, 2);
      // Ties: the first index must win.
      x[1] = x[0]!;
      const { cpu, gpu: out } = await runOnBoth(gpu, 'reduce', [x], [new Float32Array(shape.outer * shape.inner)], { op, ...shape });
      expectClose(`${op} ${JSON.stringify(shape)}`, out[0]!, cpu[0]!, { atol: 1e-6, rtol: 1e-5 });
    }
  });

  it.each(ops)('%s: the first NaN wins, as in PyTorch', async (op) => {
    for (const size of [6, 500]) {
      const x = randomArray(size, 3);
      x[2] = NaN;
      x[size - 1] = NaN;
      const { cpu, gpu: out } = await runOnBoth(gpu, 'reduce', [x], [new Float32Array(1)], { op, outer: 1, size, inner: 1 });
      expect(Array.from(out[0]!)).toEqual(Array.from(cpu[0]!));
    }
  });

  it('sum keeps inf as inf', async () => {
    const x = new Float32Array([1, Infinity, 2, 3]);
    const { gpu: out } = await runOnBoth(gpu, 'reduce', [x], [new Float32Array(1)], { op: 'sum', outer: 1, size: 4, inner: 1 });
    expect(out[0]![0]).toBe(Infinity);
  });
});

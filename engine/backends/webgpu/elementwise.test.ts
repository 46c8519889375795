import { expect, it } from 'vitest';
import type { BinaryOp, UnaryOp } from '../kernel_names.ts';
import { describeWebGpu, randomArray, runOnBoth } from './testing/gpu_suite.ts';
import { expectClose } from '../../testing/golden.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

const TOL = { atol: 1e-6, rtol: 1e-5 };

describeWebGpu(await createNodeBackend(), 'webgpu elementwise kernels', (gpu) => {
  it('fill writes the value everywhere, and 0 by clearing', async () => {
    for (const value of [2.5, 0, -0.25]) {
      const { cpu, gpu: out } = await runOnBoth(gpu, 'fill', [], [randomArray(300, 1)], { value });
      expect(out[0]).toEqual(cpu[0]);
    }
  });

  const unaryOps: UnaryOp[] = ['neg', 'exp', 'log', 'tanh', 'relu', 'sigmoid', 'sqrt', 'abs', 'sign', 'reciprocal'];
  it.each(unaryOps)('unary %s matches the CPU', async (op) => {
    const positive = op === 'log' || op === 'sqrt';
    const x = randomArray(1000, 7, positive ? 0.01 : -12, positive ? 30 : 12);
    // Values where naive formulas break: tanh near 0 and far out, exact zeros.
    x.set([0, -0, 1e-4, -3e-3, 0.5499, 0.5501, 40, -80, 1e-7], 0);
    if (positive) x.set([0.01, 1, 2, -1], 0);
    const { cpu, gpu: out } = await runOnBoth(gpu, 'unary', [x], [new Float32Array(x.length)], { op });
    expectClose(`unary ${op}`, out[0]!, cpu[0]!, op === 'exp' ? { atol: 0, rtol: 2e-5 } : TOL);
  });

  const binaryOps: BinaryOp[] = [
    'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'gt', 'lt', 'ge', 'le', 'eq',
    'tanh_backward', 'relu_backward', 'sigmoid_backward',
  ];
  it.each(binaryOps)('binary %s matches the CPU, same shape and broadcast', async (op) => {
    const a = randomArray(24, 3, -3, 3);
    const b = randomArray(24, 4, -3, 3);
    // Ties for the comparisons, integer exponents for pow on negative bases.
    a.set([1, 2, -2, 0], 0);
    b.set([1, 2, 3, 0], 0);
    if (op === 'pow') for (let i = 4; i < b.length; i += 2) b[i] = Math.round(b[i]!);
    const same = await runOnBoth(gpu, 'binary', [a, b], [new Float32Array(24)], {
      op, outShape: [2, 3, 4], aStrides: [12, 4, 1], bStrides: [12, 4, 1],
    });
    expectClose(`${op} same shape`, same.gpu[0]!, same.cpu[0]!, TOL);
    // a [2, 1, 4] against b [3, 1] -> [2, 3, 4]; and a scalar b.
    const broadcast = await runOnBoth(gpu, 'binary', [a.subarray(0, 8), b.subarray(0, 3)], [new Float32Array(24)], {
      op, outShape: [2, 3, 4], aStrides: [4, 0, 1], bStrides: [0, 1, 0],
    });
    expectClose(`${op} broadcast`, broadcast.gpu[0]!, broadcast.cpu[0]!, TOL);
    const scalar = await runOnBoth(gpu, 'binary', [a, b.subarray(1, 2)], [new Float32Array(24)], {
      op, outShape: [24], aStrides: [1], bStrides: [0],
    });
    expectClose(`${op} scalar`, scalar.gpu[0]!, scalar.cpu[0]!, TOL);
  });

  it('maximum and minimum propagate NaN from either side', async () => {
    const a = new Float32Array([NaN, 1, 2]);
    const b = new Float32Array([1, NaN, 1]);
    for (const op of ['maximum', 'minimum'] as const) {
      const { cpu, gpu: out } = await runOnBoth(gpu, 'binary', [a, b], [new Float32Array(3)], {
        op, outShape: [3], aStrides: [1], bStrides: [1],
      });
      expect(Array.from(out[0]!)).toEqual(Array.from(cpu[0]!));
    }
  });
});

/**
 * The fused RNN kernels on WebGPU at sizes and paths the golden cases do not reach, against a
 * float64 reference and the CPU kernels. The golden cases themselves run through nn.RNN on every
 * backend (engine/nn/rnn.golden.test.ts).
 */
import { it } from 'vitest';
import { expectClose, TOL } from '../../testing/golden.ts';
import { cpuKernels } from '../cpu/kernels/index.ts';
import type { RnnAttrs } from '../kernel_names.ts';
import { referenceBackward, referenceForward } from './testing/rnn_reference.ts';
import { describeWebGpu, randomArray, runOnBoth } from './testing/gpu_suite.ts';
import { createNodeBackend } from './testing/node_gpu.ts';

/** The CPU kernels are the reference where they exist; until then these comparisons are skipped. */
function cpuRnnAvailable(): boolean {
  try {
    const attrs: RnnAttrs = { T: 1, N: 1, I: 1, H: 1, nonlinearity: 'tanh', reverse: false, hasBias: false, lengths: null };
    const one = () => new Float32Array(1);
    cpuKernels.rnn_forward([one(), one(), one(), one()], [one(), one()], attrs);
    return true;
  } catch {
    return false;
  }
}

describeWebGpu(await createNodeBackend(), 'webgpu rnn kernels', (gpu) => {
  // Packed and reversed entries on the one-workgroup path, then sizes past its limit
  // (N * H * H > 2^18) that run one dispatch per step.
  const configs = [
    { T: 6, N: 3, I: 4, H: 5, lengths: [6, 2, 4] },
    { T: 3, N: 20, I: 8, H: 128, lengths: [3, 1, 2, 3, 3, 2, 1, 3, 3, 3, 2, 2, 3, 1, 3, 3, 2, 3, 3, 3] },
  ];
  for (const { T, N, I, H, lengths } of configs) {
    for (const reverse of [false, true]) {
      const attrs: RnnAttrs = { T, N, I, H, nonlinearity: 'tanh', reverse, hasBias: true, lengths };
      const scale = 1 / Math.sqrt(H);
      const [x, h0, wIh, wHh, bIh, bHh] = [T * N * I, N * H, H * I, H * H, H, H].map((n, i) => randomArray(n, 50 + i, -scale, scale)) as
        [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      const gradOut = randomArray(T * N * H, 60);
      const gradHn = randomArray(N * H, 61);
      const title = `T=${T} N=${N} I=${I} H=${H} reverse=${reverse}`;

      it(`forward and backward match a float64 reference: ${title}`, async () => {
        const ref = referenceForward(attrs, { x, h0, wIh, wHh, bIh, bHh });
        const inputs = [x, h0, wIh, wHh, bIh, bHh].map((a) => gpu.fromArray(a));
        const [out, hn] = [gpu.alloc(T * N * H), gpu.alloc(N * H)];
        gpu.run('rnn_forward', inputs, [out, hn], attrs);
        expectClose('out', await gpu.read(out), ref.out, TOL.forward);
        expectClose('h_n', await gpu.read(hn), ref.hn, TOL.forward);
        const grads = [T * N * I, N * H, H * I, H * H, H].map((n) => gpu.alloc(n));
        const [gOut, gHn] = [gpu.fromArray(gradOut), gpu.fromArray(gradHn)];
        gpu.run('rnn_backward', [inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!, out, gOut, gHn], grads, attrs);
        const refGrads = referenceBackward(attrs, { x, h0, wIh, wHh, bIh, bHh }, await gpu.read(out), gradOut, gradHn);
        for (const [i, g] of grads.entries()) expectClose(`grad ${i}`, await gpu.read(g), refGrads[i]!, TOL.grad);
        for (const s of [...inputs, out, hn, gOut, gHn, ...grads]) gpu.free(s);
      });

      it.skipIf(!cpuRnnAvailable())(`forward and backward match the CPU kernels: ${title}`, async () => {
        const fwd = await runOnBoth(gpu, 'rnn_forward', [x, h0, wIh, wHh, bIh, bHh], [new Float32Array(T * N * H), new Float32Array(N * H)], attrs);
        fwd.gpu.forEach((o, i) => expectClose(`forward output ${i}`, o, fwd.cpu[i]!, TOL.forward));
        const outputs = [T * N * I, N * H, H * I, H * H, H].map((n) => new Float32Array(n));
        const bwd = await runOnBoth(gpu, 'rnn_backward', [x, h0, wIh, wHh, fwd.cpu[0]!, gradOut, gradHn], outputs, attrs);
        bwd.gpu.forEach((o, i) => expectClose(`backward output ${i}`, o, bwd.cpu[i]!, TOL.grad));
      });
    }
  }
});

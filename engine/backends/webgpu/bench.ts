/**
 * Timings of the WebGPU kernels in Node: `npx tsx engine/backends/webgpu/bench.ts`. Reports the
 * adapter, then for each case the time of one op including reading its result back (latency),
 * and per op when many are batched before one read (throughput). On SwiftShader (no GPU) the
 * numbers measure a CPU emulating a GPU, not a GPU.
 */
import type { Storage } from '../backend.ts';
import { cpuKernels } from '../cpu/kernels/index.ts';
import type { RnnAttrs } from '../kernel_names.ts';
import { createNodeBackend } from './testing/node_gpu.ts';
import { randomArray } from './testing/random.ts';

const setup = await createNodeBackend();
if (!('backend' in setup)) throw new Error(setup.reason);
const gpu = setup.backend;

function report(name: string, ms: number): void {
  process.stdout.write(`${name.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms\n`);
}

/** Median time of `runs` calls of `fn`, after one call that compiles pipelines and warms the pool. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

function freeAll(storages: readonly Storage[]): void {
  for (const s of storages) gpu.free(s);
}

process.stdout.write(`adapter: ${gpu.description}\n`);

// 256 x 256 matmul.
{
  const n = 256;
  const a = randomArray(n * n, 1);
  const b = randomArray(n * n, 2);
  const attrs = { batch: 1, m: n, k: n, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
  const [ga, gb, gc] = [gpu.fromArray(a), gpu.fromArray(b), gpu.alloc(n * n)];
  report('matmul 256x256x256, one op + read', await time(10, () => {
    gpu.run('matmul', { a: ga, b: gb }, { out: gc }, attrs);
    return gpu.read(gc);
  }));
  const batched = 20;
  const perOp = (await time(3, () => {
    for (let r = 0; r < batched; r++) gpu.run('matmul', { a: ga, b: gb }, { out: gc }, attrs);
    return gpu.read(gc);
  })) / batched;
  report(`matmul 256x256x256, per op in a batch of ${batched}`, perOp);
  const out = new Float32Array(n * n);
  report('matmul 256x256x256 on the CPU kernel, for scale', await time(5, () => Promise.resolve(cpuKernels.matmul({ a, b }, { out }, attrs))));
  freeAll([ga, gb, gc]);
}

// A small RNN layer: forward and backward through time.
for (const [T, N, I, H] of [[20, 8, 4, 32], [50, 16, 8, 64], [20, 32, 16, 128]] as const) {
  const attrs: RnnAttrs = { T, N, I, H, nonlinearity: 'tanh', reverse: false, hasBias: true, lengths: null };
  const s = 1 / Math.sqrt(H);
  const inputs = [T * N * I, N * H, H * I, H * H, H, H].map((len, i) => gpu.fromArray(randomArray(len, 10 + i, -s, s)));
  const [x, h0, wIh, wHh, bIh, bHh] = inputs as [Storage, Storage, Storage, Storage, Storage, Storage];
  const [out, hn] = [gpu.alloc(T * N * H), gpu.alloc(N * H)];
  const label = `T=${T} N=${N} I=${I} H=${H}`;
  report(`rnn_forward ${label}, + read h_n`, await time(5, () => {
    gpu.run('rnn_forward', { x, h0, w_ih: wIh, w_hh: wHh, b_ih: bIh, b_hh: bHh }, { out, h_n: hn }, attrs);
    return gpu.read(hn);
  }));
  const [gradOut, gradHn] = [gpu.fromArray(randomArray(T * N * H, 20)), gpu.fromArray(randomArray(N * H, 21))];
  const grads = [T * N * I, N * H, H * I, H * H, H].map((len) => gpu.alloc(len));
  report(`rnn_backward ${label}, + read grad_b`, await time(5, () => {
    gpu.run('rnn_backward', { x, h0, w_ih: wIh, w_hh: wHh, out, grad_out: gradOut, grad_h_n: gradHn }, { grad_x: grads[0]!, grad_h0: grads[1]!, grad_w_ih: grads[2]!, grad_w_hh: grads[3]!, grad_b: grads[4]! }, attrs);
    return gpu.read(grads[4]!);
  }));
  freeAll([...inputs, out, hn, gradOut, gradHn, ...grads]);
}
gpu.destroy();

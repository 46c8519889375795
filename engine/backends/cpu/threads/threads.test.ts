import { afterAll, describe, expect, it } from 'vitest';
import { torch } from '../../../index.ts';
import { wasmGemm } from '../wasm/matmul_wasm.ts';
import { helperJobCount } from './pool.ts';

/** Deterministic values in [-1, 1). */
function values(length: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Trains a 2-layer bidirectional RNN with a head for a few SGD steps: losses and final weights. */
function train(threads: number): { losses: number[]; weights: Float32Array[] } {
  torch.manual_seed(3);
  // Odd sizes on purpose: N = 30 pads to 32 rows, H = 40 to 48 columns in the WebAssembly layout.
  const [T, N, I, H] = [25, 30, 6, 40];
  const rnn = new torch.nn.RNN(I, H, { num_layers: 2, bidirectional: true });
  const head = new torch.nn.Linear(2 * H, I);
  const params = [...rnn.parameters(), ...head.parameters()];
  const optimizer = new torch.optim.SGD(params, { lr: 0.05 });
  const x = torch.tensor(values(T * N * I, 1), { shape: [T, N, I] });
  const target = torch.tensor(values(T * N * I, 2), { shape: [T, N, I] });
  const losses: number[] = [];
  for (let step = 0; step < 4; step++) {
    expect(torch.get_num_threads()).toBe(threads);
    optimizer.zero_grad();
    const [out] = rnn.forward(x);
    const loss = torch.nn.functional.mse_loss(head.forward(out), target);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return { losses, weights: params.map((p) => Float32Array.from(p.tolist1d())) };
}

describe('CPU worker threads', () => {
  afterAll(async () => {
    await torch.set_num_threads(1);
  });

  it('start in Node: set_num_threads resolves to the count in use', async () => {
    expect(torch.backends.cpu.threads_unavailable()).toBeNull();
    expect(torch.get_num_threads()).toBe(1);
    expect(await torch.set_num_threads(2)).toBe(2);
    expect(torch.get_num_threads()).toBe(2);
    expect(await torch.set_num_threads(1)).toBe(1);
  });

  it('split a large product by rows with the same bits as one thread, either transpose', async () => {
    const [m, k, n] = [203, 300, 77];
    const a = values(m * k, 5);
    const b = values(k * n, 6);
    for (const [transA, transB] of [[false, false], [true, true]] as const) {
      await torch.set_num_threads(1);
      const one = new Float32Array(m * n).fill(0.5);
      wasmGemm!(a, 0, b, 0, one, 0, m, k, n, transA, transB, true);
      await torch.set_num_threads(2);
      const two = new Float32Array(m * n).fill(0.5);
      const before = helperJobCount();
      wasmGemm!(a, 0, b, 0, two, 0, m, k, n, transA, transB, true);
      expect(helperJobCount()).toBe(before + 1);
      expect(new Uint32Array(two.buffer)).toEqual(new Uint32Array(one.buffer));
    }
  });

  it('replay a training run bit for bit: the same losses and weights on one thread and on two', async () => {
    await torch.set_num_threads(1);
    const one = train(1);
    await torch.set_num_threads(2);
    const before = helperJobCount();
    const two = train(2);
    // Every recurrence and the large products went to the helper too.
    expect(helperJobCount() - before).toBeGreaterThan(4 * 8);
    expect(two.losses).toEqual(one.losses);
    two.weights.forEach((w, i) => expect(new Uint32Array(w.buffer)).toEqual(new Uint32Array(one.weights[i]!.buffer)));
    // And the run learns: the loss falls.
    expect(one.losses.at(-1)!).toBeLessThan(one.losses[0]!);
  });

  it('keep fused multiply-adds opt-in, and say which kernels ran', () => {
    expect(torch.backends.cpu.kernel_variant()).toBe('simd');
    const fused = torch.backends.cpu.allow_fma(true);
    expect(torch.backends.cpu.kernel_variant()).toBe(fused ? 'simd-fma' : 'simd');
    expect(torch.backends.cpu.allow_fma(false)).toBe(false);
    expect(torch.backends.cpu.kernel_variant()).toBe('simd');
  });
});

/**
 * GFLOP/s of the CPU matmul kernels, JS against WebAssembly SIMD, on the shapes the RNN uses:
 * a per-step recurrence (64x256x256), a whole-sequence projection (6400x256x256) and a narrow
 * projection (6400x16x256), each in all four transpose combinations, plus small sizes that set
 * the crossover in kernels/matmul.ts. Run: `npx tsx engine/bench/matmul.bench.ts`.
 */
import { gemmJs } from '../backends/cpu/kernels/matmul_js.ts';
import { wasmGemm, type Gemm } from '../backends/cpu/wasm/matmul_wasm.ts';

/** Best-of-5 GFLOP/s of `fn` on [m, k] x [k, n], each round long enough (~60 ms) to time. */
function gflops(fn: Gemm, m: number, k: number, n: number, transA: boolean, transB: boolean): number {
  const a = Float32Array.from({ length: m * k }, () => Math.random() - 0.5);
  const b = Float32Array.from({ length: k * n }, () => Math.random() - 0.5);
  const out = new Float32Array(m * n);
  const run = (): void => fn(a, 0, b, 0, out, 0, m, k, n, transA, transB, false);
  for (let i = 0; i < 3; i++) run();
  let reps = 1;
  for (let t = performance.now(); performance.now() - t < 20; reps++) run();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) run();
    best = Math.min(best, (performance.now() - t) / reps);
  }
  return (2 * m * k * n) / (best * 1e6);
}

const rows: Record<string, string | number>[] = [];
const shapes: [number, number, number][] = [
  [64, 256, 256], [6400, 256, 256], [6400, 16, 256], [6400, 256, 16],
  [4, 4, 4], [8, 8, 8], [16, 16, 16], [16, 4, 32], [32, 32, 32], [64, 64, 64],
];
for (const [m, k, n] of shapes) {
  for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    if (m * k * n < 1e6 && (transA || transB)) continue;
    rows.push({
      'm x k x n': `${m}x${k}x${n}`,
      op: `${transA ? 'Aᵀ' : 'A'}${transB ? 'Bᵀ' : 'B'}`,
      'js GFLOP/s': Number(gflops(gemmJs, m, k, n, transA, transB).toFixed(2)),
      'wasm GFLOP/s': wasmGemm ? Number(gflops(wasmGemm, m, k, n, transA, transB).toFixed(2)) : 'n/a',
    });
  }
}
console.table(rows);

import { describe, expect, it, vi } from 'vitest';
import { wasmGemm, type Gemm } from '../wasm/matmul_wasm.ts';
import { gemm, matmul } from './matmul.ts';
import { gemmJs } from './matmul_js.ts';

/** Deterministic values in [-1, 1): the test needs variety, not a distribution. */
function values(length: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Float64 triple loop: the product and, per entry, sum |a||b| to scale the float32 tolerance. */
function reference(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): { product: Float64Array; magnitude: Float64Array } {
  const product = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aOff + (transA ? p * m + i : i * k + p)]!;
        const y = b[bOff + (transB ? j * k + p : p * n + j)]!;
        sum += x * y;
        mag += Math.abs(x * y);
      }
      product[i * n + j] = sum;
      magnitude[i * n + j] = mag;
    }
  }
  return { product, magnitude };
}

/** Every entry within float32 rounding of a k-term sum: 1e-6 relative to sum |a||b|, plus a floor. */
function expectClose(got: Float32Array, gotOff: number, want: Float64Array, magnitude: Float64Array, shift = 0): void {
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[gotOff + i]! - (want[i]! + shift));
    if (err > 1e-6 * (magnitude[i]! + Math.abs(shift)) + 1e-7) {
      expect.fail(`entry ${i}: got ${got[gotOff + i]}, want ${want[i]! + shift}`);
    }
  }
}

const transposes = [[false, false], [false, true], [true, false], [true, true]] as const;
const sizes = [1, 3, 17, 33, 65];
const paths: [string, Gemm | null][] = [['js', gemmJs], ['wasm', wasmGemm], ['dispatch', gemm]];

describe('gemm', () => {
  it('has WebAssembly SIMD in Node, so the wasm path is the one tested here', () => {
    expect(wasmGemm).not.toBeNull();
  });

  for (const [name, fn] of paths) {
    describe(name, () => {
      it.each(transposes)('matches float64 for every odd size, transA=%s transB=%s', (transA, transB) => {
        if (!fn) return;
        for (const m of sizes) for (const k of sizes) for (const n of sizes) {
          const a = values(m * k + 5, m * 7 + k);
          const b = values(k * n + 3, n * 11 + k);
          const out = new Float32Array(m * n + 9).fill(Number.NaN);
          fn(a, 5, b, 3, out, 9, m, k, n, transA, transB, false);
          const { product, magnitude } = reference(a, 5, b, 3, m, k, n, transA, transB);
          expectClose(out, 9, product, magnitude);
          // Floats before the output slice are left alone.
          expect(out.subarray(0, 9).every(Number.isNaN)).toBe(true);
        }
      });

      it.each(transposes)('crosses the cache blocks (m > 128, k > 256), transA=%s transB=%s', (transA, transB) => {
        if (!fn) return;
        const [m, k, n] = [133, 300, 9];
        const a = values(m * k, 5);
        const b = values(k * n, 6);
        const { product, magnitude } = reference(a, 0, b, 0, m, k, n, transA, transB);
        for (const accumulate of [false, true]) {
          const out = new Float32Array(m * n).fill(accumulate ? 0.25 : Number.NaN);
          fn(a, 0, b, 0, out, 0, m, k, n, transA, transB, accumulate);
          expectClose(out, 0, product, magnitude, accumulate ? 0.25 : 0);
        }
      });

      it('accumulates into the output when asked', () => {
        if (!fn) return;
        const [m, k, n] = [17, 33, 65];
        const a = values(m * k, 1);
        const b = values(k * n, 2);
        const out = new Float32Array(m * n).fill(0.5);
        fn(a, 0, b, 0, out, 0, m, k, n, false, true, true);
        const { product, magnitude } = reference(a, 0, b, 0, m, k, n, false, true);
        expectClose(out, 0, product, magnitude, 0.5);
      });

      it('zeroes (or keeps) the output when k is 0', () => {
        if (!fn) return;
        const out = new Float32Array(6).fill(2);
        fn(new Float32Array(0), 0, new Float32Array(0), 0, out, 0, 2, 0, 3, false, false, true);
        expect([...out]).toEqual([2, 2, 2, 2, 2, 2]);
        fn(new Float32Array(0), 0, new Float32Array(0), 0, out, 0, 2, 0, 3, false, false, false);
        expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
      });
    });
  }

  it('falls back to the JS kernel where WebAssembly SIMD is missing', async () => {
    vi.resetModules();
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const wasm = await import('../wasm/matmul_wasm.ts');
      expect(wasm.wasmGemm).toBeNull();
      const { gemm: fallback } = await import('./matmul.ts');
      const [m, k, n] = [17, 33, 65];
      const a = values(m * k, 8);
      const b = values(k * n, 9);
      const out = new Float32Array(m * n);
      fallback(a, 0, b, 0, out, 0, m, k, n, false, false, false);
      const { product, magnitude } = reference(a, 0, b, 0, m, k, n, false, false);
      expectClose(out, 0, product, magnitude);
    } finally {
      validate.mockRestore();
      vi.resetModules();
    }
  });

  it('reuses its scratch across shapes, large then small', () => {
    for (const [m, k, n] of [[65, 65, 65], [3, 1, 3], [33, 17, 1]] as const) {
      const a = values(m * k, m);
      const b = values(k * n, n);
      for (const fn of [gemmJs, wasmGemm]) {
        const out = new Float32Array(m * n);
        fn?.(a, 0, b, 0, out, 0, m, k, n, true, false, false);
        const { product, magnitude } = reference(a, 0, b, 0, m, k, n, true, false);
        expectClose(out, 0, product, magnitude);
      }
    }
  });
});

describe('matmul kernel', () => {
  it.each(transposes)('runs each batch entry and broadcasts a stride of 0, transA=%s transB=%s', (transA, transB) => {
    const [batch, m, k, n] = [3, 17, 33, 5];
    for (const [aStride, bStride] of [[m * k, k * n], [0, k * n], [m * k, 0]] as const) {
      const a = values(aStride * (batch - 1) + m * k, 3);
      const b = values(bStride * (batch - 1) + k * n, 4);
      const out = new Float32Array(batch * m * n);
      matmul({ a, b }, { out }, { batch, m, k, n, transA, transB, aBatchStride: aStride, bBatchStride: bStride });
      for (let bt = 0; bt < batch; bt++) {
        const { product, magnitude } = reference(a, bt * aStride, b, bt * bStride, m, k, n, transA, transB);
        expectClose(out, bt * m * n, product, magnitude);
      }
    }
  });
});

/**
 * Elementwise kernels in WebAssembly where they beat JavaScript: tanh (rnn.wat's, accurate to an
 * ulp, exactly ±1 where float32 tanh is, and 3-4x cheaper than Math.tanh a float).
 */
import { kernels, wasm, WASM_MAX_FLOATS } from './runtime.ts';

/** Below this many floats Math.tanh wins: copying in and out has a fixed cost. */
const WASM_MIN_FLOATS = 64;

/** out = tanh(a) through WebAssembly; false (nothing written) where it can't or shouldn't run. */
export function tanhWasm(a: Float32Array, out: Float32Array): boolean {
  const n = out.length;
  if (wasm === null || n < WASM_MIN_FLOATS || n + 64 > WASM_MAX_FLOATS) return false;
  const rt = wasm;
  const mark = rt.mark();
  try {
    const padded = Math.ceil(n / 4) * 4;
    const src = rt.alloc(padded);
    rt.f32.set(a.subarray(0, n), src);
    kernels(rt).tanh(src * 4, src * 4, padded);
    out.set(rt.f32.subarray(src, src + n));
  } finally {
    rt.release(mark);
  }
  return true;
}

/**
 * `torch.backends.cpu`: how the CPU backend runs, as PyTorch's `torch.backends.cpu` and
 * `torch.backends.cuda.matmul.allow_tf32` say for theirs.
 *
 * @example
 * // Trade exact replays for speed where the runtime has relaxed-SIMD fused multiply-adds:
 * torch.backends.cpu.allow_fma(true); // false where unsupported: plain SIMD stays in use
 */
import { threadsUnavailable } from '../backends/cpu/threads/pool.ts';
import { kernelVariant, setFmaAllowed, wasm } from '../backends/cpu/wasm/runtime.ts';

/**
 * Allows fused multiply-adds (relaxed SIMD) in the CPU matrix products; returns whether they are
 * in use now. Off by default: a fused multiply-add rounds once where a multiply and an add round
 * twice, and CPUs without FMA run the same instruction unfused, so results differ in their last
 * bits between machines and against runs without it. Leave it off where runs must replay exactly.
 *
 * @example
 * const fused = torch.backends.cpu.allow_fma(true);
 * console.log(fused ? 'FMA kernels' : 'plain SIMD kernels (no relaxed SIMD here)');
 */
export function allow_fma(allowed: boolean): boolean {
  return setFmaAllowed(allowed);
}

/**
 * The CPU kernels in use, for a run's record: `'js'` (no WebAssembly SIMD), `'simd'` (the
 * default; the same bits on every engine) or `'simd-fma'` (after `allow_fma(true)`).
 *
 * @example
 * experiment.kernels = torch.backends.cpu.kernel_variant(); // 'simd' unless FMA was allowed
 */
export function kernel_variant(): 'js' | 'simd' | 'simd-fma' {
  if (!wasm) return 'js';
  return kernelVariant() === 1 ? 'simd-fma' : 'simd';
}

/**
 * Why the CPU backend can't use worker threads here, or null when `torch.set_num_threads` can
 * start them (Node; a Web Worker in a cross-origin-isolated page).
 *
 * @example
 * const why = torch.backends.cpu.threads_unavailable();
 * if (why) console.log(`one core: ${why}`);
 */
export function threads_unavailable(): string | null {
  return threadsUnavailable();
}

/**
 * Fused GRU forward and backward through time, one layer and one direction per call (the
 * contract is in kernel_names.ts), as lstm.ts: whole-sequence products for the input projection
 * and the weight and input gradients, the recurrence step by step over grow-only scratch.
 */
import { arg, type CpuKernel } from './kernel.ts';
import { addBias, columnSums, f32, isFirst, previousStates, previousTime, runs, sigmoid, transposeInto } from './gated_steps.ts';
import { gemm } from './matmul.ts';
import { regions } from './rnn.ts';

export const gru_forward: CpuKernel<'gru_forward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, reverse, hasBias } = attrs;
  const G = 3 * H;
  const W = 4 * H;
  const [x, h0, wIh, wHh] = [0, 1, 2, 3].map((i) => arg(inputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const bIh = hasBias ? arg(inputs, 4) : null;
  const bHh = hasBias ? arg(inputs, 5) : null;
  const out = arg(outputs, 0);
  const work = arg(outputs, 1);
  const [xg, h, wHhT, hg] = regions(T * N * G, N * H, H * G, N * G) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array];
  gemm(x, 0, wIh, 0, xg, 0, T * N, I, G, false, true, false);
  if (bIh !== null) addBias(xg, T * N, G, bIh);
  h.set(h0.subarray(0, N * H));
  transposeInto(wHh, G, H, wHhT);
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    gemm(h, 0, wHhT, 0, hg, 0, N, H, G, false, false, false);
    for (let b = 0; b < N; b++) {
      const row = t * N + b;
      if (!runs(attrs, b, t)) {
        out.fill(0, row * H, row * H + H);
        work.fill(0, row * W, row * W + W);
        continue;
      }
      const hGate = (k: number): number => (bHh === null ? hg[b * G + k]! : f32(hg[b * G + k]! + bHh[k]!));
      const xi = row * G;
      for (let j = 0; j < H; j++) {
        // PyTorch's order: the hidden gate plus the input gate; b_hn stays inside the reset product.
        const r = sigmoid(f32(hGate(j) + xg[xi + j]!));
        const z = sigmoid(f32(hGate(H + j) + xg[xi + H + j]!));
        const hn = hGate(2 * H + j);
        const n = f32(Math.tanh(f32(xg[xi + 2 * H + j]! + f32(r * hn))));
        const value = f32(f32(f32(h[b * H + j]! - n) * z) + n);
        out[row * H + j] = value;
        h[b * H + j] = value;
        work[row * W + j] = r;
        work[row * W + H + j] = z;
        work[row * W + 2 * H + j] = n;
        work[row * W + 3 * H + j] = hn;
      }
    }
  }
};

export const gru_backward: CpuKernel<'gru_backward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, reverse } = attrs;
  const G = 3 * H;
  const W = 4 * H;
  const TN = T * N;
  const [x, h0, wIh, wHh, out, work, gOut] = [0, 1, 2, 3, 4, 5, 6].map((i) => arg(inputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const [gx, gh0, gwIh, gwHh, gbIh, gbHh] = [0, 1, 2, 3, 4, 5].map((i) => arg(outputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  // dGi, dGh: the gradients at the input and hidden gate pre-activations (they differ in n,
  // where the hidden one passes through the reset gate); direct: dL/dh_{t-1} through (h - n) z.
  const [dGi, dGh, dh, direct, dhNext, hPrev] = regions(TN * G, TN * G, N * H, N * H, N * H, TN * H) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  dh.fill(0);
  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    for (let b = 0; b < N; b++) {
      const row = t * N + b;
      const gi = row * G;
      if (!runs(attrs, b, t)) {
        dGi.fill(0, gi, gi + G);
        dGh.fill(0, gi, gi + G);
        continue;
      }
      const prevRow = isFirst(attrs, b, t) ? -1 : previousTime(attrs, t) * N + b;
      for (let j = 0; j < H; j++) {
        const hp = prevRow < 0 ? h0[b * H + j]! : out[prevRow * H + j]!;
        const g = f32(dh[b * H + j]! + gOut[row * H + j]!);
        const r = work[row * W + j]!;
        const z = work[row * W + H + j]!;
        const n = work[row * W + 2 * H + j]!;
        const hn = work[row * W + 3 * H + j]!;
        const dn = f32(f32(g * f32(1 - z)) * f32(1 - f32(n * n)));
        const dr = f32(f32(dn * hn) * f32(r * f32(1 - r)));
        const dz = f32(f32(g * f32(hp - n)) * f32(z * f32(1 - z)));
        direct[b * H + j] = f32(g * z);
        dGi[gi + j] = dr;
        dGi[gi + H + j] = dz;
        dGi[gi + 2 * H + j] = dn;
        dGh[gi + j] = dr;
        dGh[gi + H + j] = dz;
        dGh[gi + 2 * H + j] = f32(dn * r);
      }
    }
    gemm(dGh, t * N * G, wHh, 0, dhNext, 0, N, G, H, false, false, false);
    for (let b = 0; b < N; b++) {
      if (!runs(attrs, b, t)) continue;
      for (let k = b * H; k < b * H + H; k++) dh[k] = f32(dhNext[k]! + direct[k]!);
    }
  }
  gh0.set(dh);
  gemm(dGi, 0, x, 0, gwIh, 0, G, TN, I, true, false, false);
  gemm(dGi, 0, wIh, 0, gx, 0, TN, G, I, false, false, false);
  previousStates(attrs, out, H, 0, h0, H, hPrev);
  gemm(dGh, 0, hPrev, 0, gwHh, 0, G, TN, H, true, false, false);
  columnSums(dGi, TN, G, gbIh);
  columnSums(dGh, TN, G, gbHh);
};

/**
 * Fused LSTM forward and backward through time, one layer and one direction per call (the
 * contract is in kernel_names.ts), as rnn.ts does for the Elman RNN: the input projection of all
 * steps, and in backward the weight and input gradients, are single products over all T*N rows;
 * only the recurrence goes step by step, over grow-only scratch.
 */
import { arg, type CpuKernel } from './kernel.ts';
import { addBias, columnSums, f32, isFirst, previousStates, previousTime, runs, sigmoid, transposeInto } from './gated_steps.ts';
import { gemm } from './matmul.ts';
import { regions } from './rnn.ts';

export const lstm_forward: CpuKernel<'lstm_forward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, P, reverse, hasBias, hasProj } = attrs;
  const G = 4 * H;
  const Y = P + H;
  const [x, h0, c0, wIh, wHh] = [0, 1, 2, 3, 4].map((i) => arg(inputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  let next = 5;
  const bIh = hasBias ? arg(inputs, next++) : null;
  const bHh = hasBias ? arg(inputs, next++) : null;
  const wHr = hasProj ? arg(inputs, next) : null;
  const y = arg(outputs, 0);
  const gates = arg(outputs, 1);
  const m = hasProj ? arg(outputs, 2) : null;
  // gates first holds x_t W_ih^T + b_ih of every step; each step adds h_{t-1} W_hh^T + b_hh in
  // PyTorch's order and overwrites it with the activated gates.
  gemm(x, 0, wIh, 0, gates, 0, T * N, I, G, false, true, false);
  if (bIh !== null) addBias(gates, T * N, G, bIh);
  const [h, c, wHhT, hg, mStep, hProj] = regions(N * P, N * H, P * G, N * G, N * H, N * P) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  h.set(h0.subarray(0, N * P));
  c.set(c0.subarray(0, N * H));
  transposeInto(wHh, G, P, wHhT);
  const hStep = wHr === null ? mStep : hProj;
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    gemm(h, 0, wHhT, 0, hg, 0, N, P, G, false, false, false);
    for (let b = 0; b < N; b++) {
      const row = t * N + b;
      if (!runs(attrs, b, t)) {
        y.fill(0, row * Y, row * Y + Y);
        gates.fill(0, row * G, row * G + G);
        m?.fill(0, row * H, row * H + H);
        continue;
      }
      const gi = row * G;
      const hb = b * G;
      const pre = (k: number): number => f32(gates[gi + k]! + (bHh === null ? hg[hb + k]! : f32(hg[hb + k]! + bHh[k]!)));
      for (let j = 0; j < H; j++) {
        const i = sigmoid(pre(j));
        const f = sigmoid(pre(H + j));
        const g = f32(Math.tanh(pre(2 * H + j)));
        const o = sigmoid(pre(3 * H + j));
        const cNew = f32(f32(f * c[b * H + j]!) + f32(i * g));
        gates[gi + j] = i;
        gates[gi + H + j] = f;
        gates[gi + 2 * H + j] = g;
        gates[gi + 3 * H + j] = o;
        c[b * H + j] = cNew;
        y[row * Y + P + j] = cNew;
        mStep[b * H + j] = f32(o * f32(Math.tanh(cNew)));
      }
    }
    if (wHr !== null) gemm(mStep, 0, wHr, 0, hProj, 0, N, H, P, false, true, false);
    for (let b = 0; b < N; b++) {
      if (!runs(attrs, b, t)) continue;
      const row = t * N + b;
      const state = hStep.subarray(b * P, b * P + P);
      h.set(state, b * P);
      y.set(state, row * Y);
      m?.set(mStep.subarray(b * H, b * H + H), row * H);
    }
  }
};

export const lstm_backward: CpuKernel<'lstm_backward'> = (inputs, outputs, attrs) => {
  const { T, N, I, H, P, reverse, hasProj } = attrs;
  const G = 4 * H;
  const Y = P + H;
  const TN = T * N;
  const [x, h0, c0, wIh, wHh] = [0, 1, 2, 3, 4].map((i) => arg(inputs, i)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  let next = 5;
  const wHr = hasProj ? arg(inputs, next++) : null;
  const y = arg(inputs, next++);
  const gates = arg(inputs, next++);
  const m = hasProj ? arg(inputs, next++) : null;
  const gy = arg(inputs, next);
  const [gx, gh0, gc0, gwIh, gwHh, gb] = [0, 1, 2, 3, 4, 5].map((i) => arg(outputs, i)) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  // dG: the gradient at every gate's pre-activation; dH: at every projected h_t (for W_hr's
  // gradient); dh, dc: carried down the steps.
  const [dG, dH, dh, dc, dhTotal, dmProj, dhNext, hPrev] = regions(TN * G, hasProj ? TN * P : 0, N * P, N * H, N * P, N * H, N * P, TN * P) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  dh.fill(0);
  dc.fill(0);
  const dm = wHr === null ? dhTotal : dmProj;
  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    for (let b = 0; b < N; b++) {
      const row = t * N + b;
      const valid = runs(attrs, b, t);
      for (let k = 0; k < P; k++) {
        const v = valid ? f32(dh[b * P + k]! + gy[row * Y + k]!) : 0;
        dhTotal[b * P + k] = v;
        if (hasProj) dH[row * P + k] = v;
      }
    }
    if (wHr !== null) gemm(dhTotal, 0, wHr, 0, dmProj, 0, N, P, H, false, false, false);
    for (let b = 0; b < N; b++) {
      const row = t * N + b;
      const gi = row * G;
      if (!runs(attrs, b, t)) {
        dG.fill(0, gi, gi + G);
        continue;
      }
      const prevRow = isFirst(attrs, b, t) ? -1 : previousTime(attrs, t) * N + b;
      for (let j = 0; j < H; j++) {
        const i = gates[gi + j]!;
        const f = gates[gi + H + j]!;
        const g = gates[gi + 2 * H + j]!;
        const o = gates[gi + 3 * H + j]!;
        const cPrev = prevRow < 0 ? c0[b * H + j]! : y[prevRow * Y + P + j]!;
        const tc = f32(Math.tanh(y[row * Y + P + j]!));
        const dmv = dm[b * H + j]!;
        const dcTotal = f32(f32(dc[b * H + j]! + gy[row * Y + P + j]!) + f32(f32(dmv * o) * f32(1 - f32(tc * tc))));
        dc[b * H + j] = f32(dcTotal * f);
        dG[gi + j] = f32(f32(dcTotal * g) * f32(i * f32(1 - i)));
        dG[gi + H + j] = f32(f32(dcTotal * cPrev) * f32(f * f32(1 - f)));
        dG[gi + 2 * H + j] = f32(f32(dcTotal * i) * f32(1 - f32(g * g)));
        dG[gi + 3 * H + j] = f32(f32(dmv * tc) * f32(o * f32(1 - o)));
      }
    }
    gemm(dG, t * N * G, wHh, 0, dhNext, 0, N, G, P, false, false, false);
    for (let b = 0; b < N; b++) {
      if (runs(attrs, b, t)) dh.set(dhNext.subarray(b * P, b * P + P), b * P);
    }
  }
  gh0.set(dh);
  gc0.set(dc);
  gemm(dG, 0, x, 0, gwIh, 0, G, TN, I, true, false, false);
  gemm(dG, 0, wIh, 0, gx, 0, TN, G, I, false, false, false);
  previousStates(attrs, y, Y, 0, h0, P, hPrev);
  gemm(dG, 0, hPrev, 0, gwHh, 0, G, TN, P, true, false, false);
  columnSums(dG, TN, G, gb);
  if (m !== null) gemm(dH, 0, m, 0, arg(outputs, 6), 0, P, TN, H, true, false, false);
};

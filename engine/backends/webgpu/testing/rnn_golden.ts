/**
 * Test support: drives the rnn_forward / rnn_backward kernels of any backend through a golden
 * `torch.nn.RNN` case (every layer, both directions, packed lengths, batch_first, unbatched) the
 * way the nn front end would, with all reshaping done here on the host, and returns what PyTorch
 * stored: output, h_n and the gradients by name.
 */
import type { RnnCase } from '../../../testing/golden.ts';
import type { Backend } from '../../backend.ts';
import type { KernelAttrs } from '../../kernel_names.ts';

export interface RnnCaseResult {
  output: Float32Array;
  h_n: Float32Array;
  grads: Record<string, Float32Array>;
}

/** [a, b, c] -> [b, a, c]. */
function swap01(data: ArrayLike<number>, a: number, b: number, c: number): Float32Array {
  const out = new Float32Array(a * b * c);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < c; k++) out[(j * a + i) * c + k] = data[(i * b + j) * c + k]!;
  return out;
}

/** Columns [from, from + width) of a [rows, cols] matrix. */
function columns(data: Float32Array, cols: number, from: number, width: number): Float32Array {
  const rows = data.length / cols;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * cols + from, r * cols + from + width), r * width);
  return out;
}

/** Runs one kernel with host arrays in and out. */
async function runKernel<K extends 'rnn_forward' | 'rnn_backward'>(
  backend: Backend,
  kernel: K,
  inputs: readonly Float32Array[],
  outputLengths: readonly number[],
  attrs: KernelAttrs[K],
): Promise<Float32Array[]> {
  const ins = inputs.map((a) => backend.fromArray(a));
  const outs = outputLengths.map((n) => backend.alloc(n));
  backend.run(kernel, ins, outs, attrs);
  const values = await Promise.all(outs.map((o) => backend.read(o)));
  for (const s of [...ins, ...outs]) backend.free(s);
  return values.map((v) => Float32Array.from(v));
}

export async function runRnnCase(backend: Backend, c: RnnCase): Promise<RnnCaseResult> {
  const { input_size, hidden_size: H, num_layers: L, nonlinearity, bias, batch_first, bidirectional } = c.args;
  const D = bidirectional ? 2 : 1;
  const unbatched = c.input.shape.length === 2;
  const [T, N] = unbatched ? [c.input.shape[0]!, 1] : batch_first ? [c.input.shape[1]!, c.input.shape[0]!] : [c.input.shape[0]!, c.input.shape[1]!];
  const toTimeMajor = (data: ArrayLike<number>, width: number) =>
    batch_first && !unbatched ? swap01(data, N, T, width) : Float32Array.from(data);
  const fromTimeMajor = (data: Float32Array, width: number) => (batch_first && !unbatched ? swap01(data, T, N, width) : data);
  const NH = N * H;
  const hx = c.hx === null ? new Float32Array(L * D * NH) : Float32Array.from(c.hx.data);
  const param = (name: string) => Float32Array.from(c.state_dict[name]!.data);
  const suffix = (layer: number, d: number) => `_l${layer}${d === 1 ? '_reverse' : ''}`;

  // Forward, layer by layer; each direction's input, output and weights are kept for backward.
  const saved: { x: Float32Array; width: number; outs: Float32Array[] }[] = [];
  const hN = new Float32Array(L * D * NH);
  let x = toTimeMajor(c.input.data, input_size);
  let width = input_size;
  for (let layer = 0; layer < L; layer++) {
    const outs: Float32Array[] = [];
    const layerOut = new Float32Array(T * N * D * H);
    for (let d = 0; d < D; d++) {
      const s = suffix(layer, d);
      const attrs = { T, N, I: width, H, nonlinearity, reverse: d === 1, hasBias: bias, lengths: c.lengths };
      const biases = bias ? [param(`bias_ih${s}`), param(`bias_hh${s}`)] : [];
      const h0 = hx.subarray((layer * D + d) * NH, (layer * D + d + 1) * NH);
      const [out, hn] = await runKernel(backend, 'rnn_forward', [x, h0, param(`weight_ih${s}`), param(`weight_hh${s}`), ...biases], [T * NH, NH], attrs);
      outs.push(out!);
      hN.set(hn!, (layer * D + d) * NH);
      for (let r = 0; r < T * N; r++) layerOut.set(out!.subarray(r * H, (r + 1) * H), (r * D + d) * H);
    }
    saved.push({ x, width, outs });
    x = layerOut;
    width = D * H;
  }

  // Backward from the top layer; each layer's input gradient is the next one's output gradient.
  const grads: Record<string, Float32Array> = {};
  const gradHn = c.grad_h_n === null ? new Float32Array(L * D * NH) : Float32Array.from(c.grad_h_n.data);
  const gradHx = new Float32Array(L * D * NH);
  let gradY = toTimeMajor(c.grad_output.data, D * H);
  for (let layer = L - 1; layer >= 0; layer--) {
    const { x: xl, width: wl, outs } = saved[layer]!;
    const gradX = new Float32Array(T * N * wl);
    for (let d = 0; d < D; d++) {
      const s = suffix(layer, d);
      const k = layer * D + d;
      const attrs = { T, N, I: wl, H, nonlinearity, reverse: d === 1, hasBias: bias, lengths: c.lengths };
      const inputs = [xl, hx.subarray(k * NH, (k + 1) * NH), param(`weight_ih${s}`), param(`weight_hh${s}`), outs[d]!, columns(gradY, D * H, d * H, H), gradHn.subarray(k * NH, (k + 1) * NH)];
      const [gx, gh0, gwih, gwhh, gb] = await runKernel(backend, 'rnn_backward', inputs, [T * N * wl, NH, H * wl, H * H, H], attrs);
      for (let i = 0; i < gradX.length; i++) gradX[i] = gradX[i]! + gx![i]!;
      gradHx.set(gh0!, k * NH);
      grads[`weight_ih${s}`] = gwih!;
      grads[`weight_hh${s}`] = gwhh!;
      if (bias) grads[`bias_ih${s}`] = grads[`bias_hh${s}`] = gb!;
    }
    gradY = gradX;
  }
  grads['input'] = fromTimeMajor(gradY, input_size);
  grads['hx'] = gradHx;
  return { output: fromTimeMajor(x, D * H), h_n: hN, grads };
}

/**
 * torch.nn.RNN: a multi-layer, optionally bidirectional Elman RNN. Each layer and direction runs
 * as one fused op (`rnn_layer`); layers are stacked by concatenating directions, with dropout
 * between layers in training mode.
 */
import type { Nonlinearity } from '../backends/kernel_names.ts';
import { check, fmtShape, fmtTuple } from '../errors.ts';
import { index_add_rows, index_select } from '../ops/indexing.ts';
import { rnn_layer } from '../ops/rnn_layer.ts';
import { cat, stack } from '../ops/views.ts';
import { fromFloat32, zeros } from '../tensor/creation.ts';
import { rnnInitBound } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { parseOptions } from '../options.ts';
import { dropout } from './functional.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { checkNonlinearity, checkSize } from './rnn_options.ts';
import { pack_padded_sequence, packedRowsOf, pad_packed_sequence, PackedSequence } from './utils/rnn.ts';

export interface RNNOptions {
  /** Stacked layers (default 1). */
  num_layers?: number;
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: Nonlinearity;
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output as [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batch_first?: boolean;
  /** Dropout probability on each layer's output except the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second, reversed direction and concatenate (default false). */
  bidirectional?: boolean;
}

const RNN_DEFAULTS: Required<RNNOptions> = { num_layers: 1, nonlinearity: 'tanh', bias: true, batch_first: false, dropout: 0, bidirectional: false };

export class RNN extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly nonlinearity: Nonlinearity;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  /**
   * Parameters are registered as `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`,
   * `bias_hh_l{k}` (plus `_reverse` twins), in PyTorch's order, and start from
   * U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) drawn from the seeded generator. The third
   * argument may be `num_layers` positionally, as in `nn.RNN(10, 20, 2)`.
   *
   * @example
   * const rnn = new torch.nn.RNN(10, 20, { num_layers: 2 });
   * const [output, h_n] = rnn.forward(torch.randn([5, 3, 10]), torch.randn([2, 3, 20]));
   * // output [5, 3, 20], h_n [2, 3, 20]
   */
  constructor(input_size: number, hidden_size: number, options: RNNOptions | number = {}) {
    super();
    const opts = parseOptions('RNN', RNN_DEFAULTS, typeof options === 'number' ? { num_layers: options } : options);
    this.input_size = checkSize('input_size', input_size);
    this.hidden_size = checkSize('hidden_size', hidden_size);
    this.num_layers = checkSize('num_layers', opts.num_layers ?? 1);
    this.nonlinearity = checkNonlinearity(opts.nonlinearity ?? 'tanh');
    this.bias = opts.bias ?? true;
    this.batch_first = opts.batch_first ?? false;
    const p = opts.dropout ?? 0;
    check(typeof p === 'number' && p >= 0 && p <= 1, () =>
      `dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${p}`,
    );
    this.dropout = p;
    this.bidirectional = opts.bidirectional ?? false;
    const params = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const layerInput = layer === 0 ? input_size : hidden_size * this.numDirections;
      for (let dir = 0; dir < this.numDirections; dir++) {
        const suffix = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        params[`weight_ih${suffix}`] = new Parameter(zeros([hidden_size, layerInput]));
        params[`weight_hh${suffix}`] = new Parameter(zeros([hidden_size, hidden_size]));
        if (this.bias) {
          params[`bias_ih${suffix}`] = new Parameter(zeros([hidden_size]));
          params[`bias_hh${suffix}`] = new Parameter(zeros([hidden_size]));
        }
      }
    }
    this.reset_parameters();
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /**
   * Does nothing: PyTorch compacts cuDNN weight buffers here; this engine's weights are always
   * laid out for its kernels. Kept so ported code runs unchanged.
   *
   * @example
   * rnn.flatten_parameters(); // a no-op, as on PyTorch's CPU
   */
  flatten_parameters(): void {}

  reset_parameters(): void {
    const bound = rnnInitBound(this.hidden_size);
    for (const p of this.parameters()) uniform_(p, -bound, bound);
  }

  /** The four (or two, without bias) parameters of one layer and direction. */
  layerParameters(layer: number, direction: number): [Parameter, Parameter, Parameter | null, Parameter | null] {
    const params = this as unknown as Record<string, Parameter | undefined>;
    const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
    return [
      params[`weight_ih${suffix}`]!,
      params[`weight_hh${suffix}`]!,
      params[`bias_ih${suffix}`] ?? null,
      params[`bias_hh${suffix}`] ?? null,
    ];
  }

  /**
   * Runs the sequence. `input` is [T, N, input_size] ([N, T, input_size] with batch_first),
   * [T, input_size] unbatched, or a PackedSequence; `h_0` is [num_layers * D, N, hidden_size]
   * ([num_layers * D, hidden_size] unbatched), zeros when omitted. Returns `[output, h_n]`.
   */
  override forward(input: Tensor, h_0?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, h_0?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, h_0?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    if (input instanceof PackedSequence) {
      const lengths = input.lengths();
      const [padded] = pad_packed_sequence(input);
      const [out, hn] = this.run(padded, { lengths, rows: packedRowsOf(input) }, h_0 ?? null);
      const packed = pack_padded_sequence(out, lengths, { enforce_sorted: input.sorted_indices === null });
      return [packed, hn];
    }
    const rank = input.shape.length;
    check(rank === 2 || rank === 3, () => `RNN: Expected input to be 2D or 3D, got ${rank}D tensor instead`);
    const batched = rank === 3;
    if (!batched && h_0 !== undefined && h_0 !== null) {
      check(h_0.shape.length === 2, () =>
        `For unbatched 2-D input, hx should also be 2-D but got ${h_0.shape.length}-D tensor`,
      );
    }
    if (batched && h_0 !== undefined && h_0 !== null) {
      check(h_0.shape.length === 3, () => `For batched 3-D input, hx should also be 3-D but got ${h_0.shape.length}-D tensor`);
    }
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batch_first) x = x.transpose(0, 1);
    const h = h_0 === undefined || h_0 === null ? null : batched ? h_0 : h_0.unsqueeze(1);
    const [out, hn] = this.run(x, null, h);
    if (!batched) return [out.squeeze(1), hn.squeeze(1)];
    return [this.batch_first ? out.transpose(0, 1) : out, hn];
  }

  /**
   * The stacked layers over time-major x [T, N, I]; `packed` holds each entry's length and, for
   * each row of the packed data, its row in x viewed as [T * N, I].
   */
  private run(x: Tensor, packed: { lengths: number[]; rows: number[] } | null, h0: Tensor | null): [Tensor, Tensor] {
    const lengths = packed?.lengths ?? null;
    const [T, N] = x.shape as [number, number, number];
    check(x.shape[2] === this.input_size, () =>
      `input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${x.shape[2]}`,
    );
    const D = this.numDirections;
    if (h0 !== null) {
      // PyTorch checks an unbatched hx after unsqueezing it to [L * D, 1, H], and says so.
      const expected = [this.num_layers * D, N, this.hidden_size];
      check(h0.shape.every((d, i) => d === expected[i]), () =>
        `Expected hidden size ${fmtTuple(expected)}, got ${fmtShape(h0.shape)}`,
      );
    }
    const finalStates: Tensor[] = [];
    let layerInput = x;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outputs: Tensor[] = [];
      for (let dir = 0; dir < D; dir++) {
        const start = h0 === null ? zeros([N, this.hidden_size], { device: x.device }) : h0.select(0, layer * D + dir);
        const [w_ih, w_hh, b_ih, b_hh] = this.layerParameters(layer, dir);
        const out = rnn_layer(layerInput, start, w_ih, w_hh, b_ih, b_hh, {
          nonlinearity: this.nonlinearity,
          reverse: dir === 1,
          lengths,
        });
        outputs.push(out);
        finalStates.push(finalState(out, dir === 1, lengths));
      }
      layerInput = D === 1 ? outputs[0]! : cat(outputs, 2);
      if (layer < this.num_layers - 1 && this.dropout > 0 && this.training) {
        layerInput = packed === null ? dropout(layerInput, this.dropout, true) : dropoutPacked(layerInput, packed.rows, this.dropout);
      }
    }
    // h_n was gathered from the last layer's output: give `output` an autograd identity of its
    // own, so its hooks and retained grad see only the gradient that reaches output itself.
    const output = D === 1 ? layerInput.view(layerInput.shape) : layerInput;
    return [output, stack(finalStates, 0)];
  }
}

/**
 * Dropout between layers of a packed sequence, as ATen does it: the mask is drawn over the packed
 * data ([sum of lengths, features], packed row order), not over the padded layout, so a seeded
 * run draws the same mask as PyTorch.
 */
export function dropoutPacked(padded: Tensor, rows: readonly number[], p: number): Tensor {
  const [T, N, F] = padded.shape as [number, number, number];
  const index = fromFloat32(Float32Array.from(rows), [rows.length], { dtype: 'int64', device: padded.device });
  const data = index_select(padded.reshape([T * N, F]), 0, index);
  return index_add_rows(dropout(data, p, true), index, T * N).reshape([T, N, F]);
}

/**
 * h_n of one direction, picked out of its per-step outputs so the gradient reaches the fused op
 * through `out`: the forward direction ends at each entry's last valid step, the reverse at step 0.
 */
export function finalState(out: Tensor, reverse: boolean, lengths: readonly number[] | null): Tensor {
  const [T, N, H] = out.shape as [number, number, number];
  const rows = Array.from({ length: N }, (_, b) => (reverse ? 0 : (lengths === null ? T : lengths[b]!) - 1) * N + b);
  const index = fromFloat32(Float32Array.from(rows), [N], { dtype: 'int64', device: out.device });
  return index_select(out.reshape([T * N, H]), 0, index);
}

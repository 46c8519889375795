/**
 * What nn.LSTM and nn.GRU share with each other (and, in spirit, with nn.RNN): PyTorch's
 * arguments, parameters registered per layer and direction in PyTorch's order, the input layouts
 * (time-major, batch_first, unbatched, PackedSequence), and the stacking of layers with dropout
 * between them. Each subclass runs one layer and direction as one op (ops/lstm_layer.ts,
 * ops/gru_layer.ts).
 */
import { check } from '../errors.ts';
import { cat, stack } from '../ops/views.ts';
import { parseOptions } from '../options.ts';
import { zeros } from '../tensor/creation.ts';
import { rnnInitBound } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { dropout } from './functional.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { dropoutPacked, finalState } from './rnn.ts';
import { checkSize } from './rnn_options.ts';
import { pack_padded_sequence, packedRowsOf, pad_packed_sequence, PackedSequence } from './utils/rnn.ts';

export interface GatedRNNOptions {
  /** Stacked layers (default 1). */
  num_layers?: number;
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output as [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batch_first?: boolean;
  /** Dropout probability on each layer's output except the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second, reversed direction and concatenate (default false). */
  bidirectional?: boolean;
}

export const GATED_DEFAULTS: Required<GatedRNNOptions> = { num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false };

/** One layer and direction's parameters, as PyTorch names them without the `_l{k}` suffix. */
export interface LayerWeights {
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;
  /** LSTM's projection (proj_size > 0), else null. */
  weight_hr: Parameter | null;
}

/** What a layer and direction produced: h_t at every step and, for LSTM, c_t at every step. */
export interface DirectionResult {
  out: Tensor;
  cells: Tensor | null;
}

/** The run of a stack over time-major x: `lengths` and packed rows for a PackedSequence. */
export interface StackInput {
  x: Tensor;
  packed: { lengths: number[]; rows: number[] } | null;
}

export abstract class GatedRNNBase extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  /** LSTM's projection size, 0 when there is none (always 0 for GRU). */
  readonly proj_size: number;

  protected constructor(
    mode: 'LSTM' | 'GRU', gates: number, input_size: number, hidden_size: number,
    opts: Required<GatedRNNOptions>, proj_size: number,
  ) {
    super();
    this.input_size = checkSize('input_size', input_size);
    this.hidden_size = checkSize('hidden_size', hidden_size);
    this.num_layers = checkSize('num_layers', opts.num_layers);
    this.bias = opts.bias;
    this.batch_first = opts.batch_first;
    const p = opts.dropout;
    check(typeof p === 'number' && p >= 0 && p <= 1, () =>
      `dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${p}`,
    );
    this.dropout = p;
    this.bidirectional = opts.bidirectional;
    check(Number.isInteger(proj_size) && proj_size >= 0, () =>
      `proj_size should be a positive integer or zero to disable projections, got ${proj_size}`,
    );
    check(proj_size < hidden_size, () => `proj_size has to be smaller than hidden_size, got proj_size=${proj_size} and hidden_size=${hidden_size} (${mode})`);
    this.proj_size = proj_size;
    const state = this.stateSize;
    const params = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const layerInput = layer === 0 ? input_size : state * this.numDirections;
      for (let dir = 0; dir < this.numDirections; dir++) {
        const suffix = layerSuffix(layer, dir);
        params[`weight_ih${suffix}`] = new Parameter(zeros([gates * hidden_size, layerInput]));
        params[`weight_hh${suffix}`] = new Parameter(zeros([gates * hidden_size, state]));
        if (this.bias) {
          params[`bias_ih${suffix}`] = new Parameter(zeros([gates * hidden_size]));
          params[`bias_hh${suffix}`] = new Parameter(zeros([gates * hidden_size]));
        }
        if (proj_size > 0) params[`weight_hr${suffix}`] = new Parameter(zeros([proj_size, hidden_size]));
      }
    }
    this.reset_parameters();
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The size of h: proj_size when projecting, else hidden_size. */
  get stateSize(): number {
    return this.proj_size > 0 ? this.proj_size : this.hidden_size;
  }

  /**
   * Does nothing: PyTorch compacts cuDNN weight buffers here; this engine's weights are always
   * laid out for its kernels. Kept so ported code runs unchanged.
   *
   * @example
   * lstm.flatten_parameters(); // a no-op, as on PyTorch's CPU
   */
  flatten_parameters(): void {}

  /** Every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order, as PyTorch. */
  reset_parameters(): void {
    const bound = rnnInitBound(this.hidden_size);
    for (const p of this.parameters()) uniform_(p, -bound, bound);
  }

  /** The parameters of one layer and direction. */
  layerWeights(layer: number, direction: number): LayerWeights {
    const params = this as unknown as Record<string, Parameter | undefined>;
    const suffix = layerSuffix(layer, direction);
    return {
      weight_ih: params[`weight_ih${suffix}`]!,
      weight_hh: params[`weight_hh${suffix}`]!,
      bias_ih: params[`bias_ih${suffix}`] ?? null,
      bias_hh: params[`bias_hh${suffix}`] ?? null,
      weight_hr: params[`weight_hr${suffix}`] ?? null,
    };
  }

  /**
   * Runs one layer and direction over time-major x [T, N, in] from h0 [N, stateSize] (and, for
   * LSTM, c0 [N, hidden_size]).
   */
  protected abstract runDirection(
    x: Tensor, weights: LayerWeights, h0: Tensor, c0: Tensor | null, reverse: boolean, lengths: readonly number[] | null,
  ): DirectionResult;

  /** The time-major view of a 2-D or 3-D input, or a PackedSequence unpacked, with what it takes to undo it. */
  protected prepare(mode: string, input: Tensor | PackedSequence): { run: StackInput; batched: boolean; sequence: PackedSequence | null } {
    if (input instanceof PackedSequence) {
      const lengths = input.lengths();
      const [padded] = pad_packed_sequence(input);
      return { run: { x: padded, packed: { lengths, rows: packedRowsOf(input) } }, batched: true, sequence: input };
    }
    const rank = input.shape.length;
    check(rank === 2 || rank === 3, () => `${mode}: Expected input to be 2D or 3D, got ${rank}D instead`);
    const batched = rank === 3;
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batch_first) x = x.transpose(0, 1);
    return { run: { x, packed: null }, batched, sequence: null };
  }

  /** The output in the caller's layout: packed again, batch-first, or unbatched. */
  protected finishOutput(output: Tensor, batched: boolean, sequence: PackedSequence | null): Tensor | PackedSequence {
    if (sequence !== null) return pack_padded_sequence(output, sequence.lengths(), { enforce_sorted: sequence.sorted_indices === null });
    if (!batched) return output.squeeze(1);
    return this.batch_first ? output.transpose(0, 1) : output;
  }

  /**
   * The stacked layers over time-major x [T, N, I] from h0 [L * D, N, stateSize] (and c0
   * [L * D, N, hidden_size] for LSTM), zeros when null: [output, h_n, c_n].
   */
  protected runStack({ x, packed }: StackInput, h0: Tensor | null, c0: Tensor | null, withCells: boolean): [Tensor, Tensor, Tensor | null] {
    const lengths = packed?.lengths ?? null;
    const N = x.shape[1]!;
    check(x.shape[2] === this.input_size, () =>
      `input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${x.shape[2]}`,
    );
    const D = this.numDirections;
    const hFinal: Tensor[] = [];
    const cFinal: Tensor[] = [];
    let layerInput = x;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outputs: Tensor[] = [];
      for (let dir = 0; dir < D; dir++) {
        const k = layer * D + dir;
        const h = h0 === null ? zeros([N, this.stateSize], { device: x.device }) : h0.select(0, k);
        const c = !withCells ? null : c0 === null ? zeros([N, this.hidden_size], { device: x.device }) : c0.select(0, k);
        const { out, cells } = this.runDirection(layerInput, this.layerWeights(layer, dir), h, c, dir === 1, lengths);
        outputs.push(out);
        hFinal.push(finalState(out, dir === 1, lengths));
        if (cells !== null) cFinal.push(finalState(cells, dir === 1, lengths));
      }
      layerInput = D === 1 ? outputs[0]! : cat(outputs, 2);
      if (layer < this.num_layers - 1 && this.dropout > 0 && this.training) {
        layerInput = packed === null ? dropout(layerInput, this.dropout, true) : dropoutPacked(layerInput, packed.rows, this.dropout);
      }
    }
    // h_n was gathered from the last layer's output: give `output` an autograd identity of its
    // own, so its hooks and retained grad see only the gradient that reaches output itself.
    const output = D === 1 ? layerInput.view(layerInput.shape) : layerInput;
    return [output, stack(hFinal, 0), withCells ? stack(cFinal, 0) : null];
  }
}

/** `_l{layer}`, and `_reverse` for the second direction, as PyTorch suffixes parameter names. */
export function layerSuffix(layer: number, direction: number): string {
  return `_l${layer}${direction === 1 ? '_reverse' : ''}`;
}

/** Options as an object, or `num_layers` positionally (`nn.LSTM(10, 20, 2)`), bound with Python's rules. */
export function bindGatedOptions<O extends object>(mode: string, defaults: Required<O>, options: O | number): Required<O> {
  return parseOptions(mode, defaults, typeof options === 'number' ? { num_layers: options } : options) as Required<O>;
}

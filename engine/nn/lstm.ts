/** torch.nn.LSTM: a multi-layer, optionally bidirectional long short-term memory RNN. */
import { check, fmtShape, fmtTuple } from '../errors.ts';
import { lstm_layer } from '../ops/lstm_layer.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { bindGatedOptions, GATED_DEFAULTS, GatedRNNBase, type DirectionResult, type GatedRNNOptions, type LayerWeights } from './gated_rnn.ts';
import type { PackedSequence } from './utils/rnn.ts';

export interface LSTMOptions extends GatedRNNOptions {
  /** Project h_t to this many features with weight_hr (default 0: no projection). */
  proj_size?: number;
}

const LSTM_DEFAULTS: Required<LSTMOptions> = { ...GATED_DEFAULTS, proj_size: 0 };

export class LSTM extends GatedRNNBase {
  /**
   * Parameters are registered per layer k and direction as PyTorch's: `weight_ih_l{k}` [4H, in],
   * `weight_hh_l{k}` [4H, P], `bias_ih_l{k}`, `bias_hh_l{k}` [4H], and with proj_size
   * `weight_hr_l{k}` [P, H] (plus `_reverse` twins), gate rows in PyTorch's order i, f, g, o, all
   * from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) drawn from the seeded generator. H is
   * hidden_size and P is proj_size, or H without projection. The third argument may be
   * `num_layers` positionally, as in `nn.LSTM(10, 20, 2)`.
   *
   * @example
   * const lstm = new torch.nn.LSTM(10, 20, { num_layers: 2, proj_size: 5 });
   * const [output, [h_n, c_n]] = lstm.forward(torch.randn([7, 3, 10]));
   * // output [7, 3, 5] and h_n [2, 3, 5] are projected; the cell state c_n stays [2, 3, 20]
   */
  constructor(input_size: number, hidden_size: number, options: LSTMOptions | number = {}) {
    const opts = bindGatedOptions('LSTM', LSTM_DEFAULTS, options);
    super('LSTM', 4, input_size, hidden_size, opts, opts.proj_size);
  }

  /**
   * Runs the sequence. `input` is [T, N, input_size] ([N, T, input_size] with batch_first),
   * [T, input_size] unbatched, or a PackedSequence; `hx` is `[h_0, c_0]`, h_0
   * [num_layers * D, N, P] and c_0 [num_layers * D, N, hidden_size] (without the N dimension
   * unbatched), zeros when omitted. Returns `[output, [h_n, c_n]]`.
   */
  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(input: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  override forward(input: Tensor | PackedSequence, hx?: readonly [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const { run, batched, sequence } = this.prepare('LSTM', input);
    let state: [Tensor, Tensor] | null = null;
    if (hx !== undefined && hx !== null) {
      check(Array.isArray(hx) && hx.length === 2, () => 'LSTM: hx must be a pair (h_0, c_0) of tensors');
      const [h, c] = hx;
      const want = batched ? 3 : 2;
      check(h.shape.length === want && c.shape.length === want, () =>
        `For ${batched ? 'batched 3-D' : 'unbatched 2-D'} input, hx and cx should also be ${want}-D but got (${h.shape.length}-D, ${c.shape.length}-D) tensors`,
      );
      state = batched ? [h, c] : [h.unsqueeze(1), c.unsqueeze(1)];
      const N = run.x.shape[1]!;
      const L = this.num_layers * this.numDirections;
      checkHidden('hidden[0]', state[0], [L, N, this.stateSize]);
      checkHidden('hidden[1]', state[1], [L, N, this.hidden_size]);
    }
    const [out, h_n, c_n] = this.runStack(run, state?.[0] ?? null, state?.[1] ?? null, true);
    const output = this.finishOutput(out, batched, sequence);
    return [output, batched ? [h_n, c_n!] : [h_n.squeeze(1), c_n!.squeeze(1)]];
  }

  protected runDirection(x: Tensor, w: LayerWeights, h0: Tensor, c0: Tensor | null, reverse: boolean, lengths: readonly number[] | null): DirectionResult {
    const [out, cells] = lstm_layer(x, h0, c0!, w.weight_ih, w.weight_hh, w.bias_ih, w.bias_hh, w.weight_hr, { reverse, lengths });
    return { out, cells };
  }
}

/** PyTorch's check_hidden_size: an unbatched state is checked after unsqueezing, and says so. */
export function checkHidden(what: string, t: Tensor, expected: readonly number[]): void {
  check(t.shape.length === expected.length && t.shape.every((d, i) => d === expected[i]), () =>
    `Expected ${what} size ${fmtTuple(expected)}, got ${fmtShape(t.shape)}`,
  );
}

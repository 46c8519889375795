/** torch.nn.GRU: a multi-layer, optionally bidirectional gated recurrent unit RNN. */
import { check } from '../errors.ts';
import { gru_layer } from '../ops/gru_layer.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { bindGatedOptions, GATED_DEFAULTS, GatedRNNBase, type DirectionResult, type GatedRNNOptions, type LayerWeights } from './gated_rnn.ts';
import { checkHidden } from './lstm.ts';
import type { PackedSequence } from './utils/rnn.ts';

export type GRUOptions = GatedRNNOptions;

export class GRU extends GatedRNNBase {
  /**
   * Parameters are registered per layer k and direction as PyTorch's: `weight_ih_l{k}` [3H, in],
   * `weight_hh_l{k}` [3H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [3H] (plus `_reverse` twins), gate
   * rows in PyTorch's order r, z, n, all from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) drawn
   * from the seeded generator. The third argument may be `num_layers` positionally.
   *
   * @example
   * const gru = new torch.nn.GRU(10, 20, { bidirectional: true });
   * const [output, h_n] = gru.forward(torch.randn([7, 3, 10]));
   * // output [7, 3, 40] (both directions side by side); h_n [2, 3, 20], the reverse one ending at step 0
   */
  constructor(input_size: number, hidden_size: number, options: GRUOptions | number = {}) {
    super('GRU', 3, input_size, hidden_size, bindGatedOptions('GRU', GATED_DEFAULTS, options), 0);
  }

  /**
   * Runs the sequence. `input` is [T, N, input_size] ([N, T, input_size] with batch_first),
   * [T, input_size] unbatched, or a PackedSequence; `h_0` is [num_layers * D, N, hidden_size]
   * ([num_layers * D, hidden_size] unbatched), zeros when omitted. Returns `[output, h_n]`.
   */
  override forward(input: Tensor, h_0?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, h_0?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, h_0?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const { run, batched, sequence } = this.prepare('GRU', input);
    let h: Tensor | null = null;
    if (h_0 !== undefined && h_0 !== null) {
      const want = batched ? 3 : 2;
      check(h_0.shape.length === want, () =>
        `For ${batched ? 'batched 3-D' : 'unbatched 2-D'} input, hx should also be ${want}-D but got ${h_0.shape.length}-D tensor`,
      );
      h = batched ? h_0 : h_0.unsqueeze(1);
      checkHidden('hidden', h, [this.num_layers * this.numDirections, run.x.shape[1]!, this.hidden_size]);
    }
    const [out, h_n] = this.runStack(run, h, null, false);
    return [this.finishOutput(out, batched, sequence), batched ? h_n : h_n.squeeze(1)];
  }

  protected runDirection(x: Tensor, w: LayerWeights, h0: Tensor, _c0: Tensor | null, reverse: boolean, lengths: readonly number[] | null): DirectionResult {
    return { out: gru_layer(x, h0, w.weight_ih, w.weight_hh, w.bias_ih, w.bias_hh, { reverse, lengths }), cells: null };
  }
}

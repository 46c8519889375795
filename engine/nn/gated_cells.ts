/**
 * torch.nn.LSTMCell and torch.nn.GRUCell: one step of the gated layers, run as the same fused
 * ops with T = 1, so a hand-written loop over cells computes exactly what nn.LSTM / nn.GRU do.
 */
import { check } from '../errors.ts';
import { gru_layer } from '../ops/gru_layer.ts';
import { lstm_layer } from '../ops/lstm_layer.ts';
import { parseOptions } from '../options.ts';
import { zeros } from '../tensor/creation.ts';
import { rnnInitBound } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { checkSize } from './rnn_options.ts';

export interface GatedCellOptions {
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
}

/** The weights, options and input checks both cells share. */
abstract class GatedCellBase extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  protected constructor(private readonly mode: string, gates: number, input_size: number, hidden_size: number, options: GatedCellOptions | boolean) {
    super();
    const opts = parseOptions(mode, { bias: true }, typeof options === 'boolean' ? { bias: options } : options);
    this.input_size = checkSize('input_size', input_size);
    this.hidden_size = checkSize('hidden_size', hidden_size);
    this.bias = opts.bias;
    this.weight_ih = new Parameter(zeros([gates * hidden_size, input_size]));
    this.weight_hh = new Parameter(zeros([gates * hidden_size, hidden_size]));
    this.bias_ih = this.bias ? new Parameter(zeros([gates * hidden_size])) : null;
    this.bias_hh = this.bias ? new Parameter(zeros([gates * hidden_size])) : null;
    this.reset_parameters();
  }

  /** Every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order, as PyTorch. */
  reset_parameters(): void {
    const bound = rnnInitBound(this.hidden_size);
    for (const p of this.parameters()) uniform_(p, -bound, bound);
  }

  /** The input as [1, N, input_size] (one time step), and whether it came batched. */
  protected step(input: Tensor): { x: Tensor; batched: boolean } {
    const rank = input.shape.length;
    check(rank === 1 || rank === 2, () => `${this.mode}: Expected input to be 1D or 2D, got ${rank}D instead`);
    check(input.shape[rank - 1] === this.input_size, () =>
      `input has inconsistent input_size: got ${input.shape[rank - 1]} expected ${this.input_size}`,
    );
    const batched = rank === 2;
    return { x: (batched ? input : input.unsqueeze(0)).unsqueeze(0), batched };
  }

  /** A state given as hidden{index} ([N, H], or [H] unbatched), or zeros, as [N, H]. */
  protected state(given: Tensor | null | undefined, x: Tensor, batched: boolean, index: number): Tensor {
    const N = x.shape[1]!;
    if (given === undefined || given === null) return zeros([N, this.hidden_size], { device: x.device });
    const rank = batched ? 2 : 1;
    check(given.shape.length === rank, () =>
      `${this.mode}: Expected hx[${index}] to be ${rank}D to match the ${rank}D input, got ${given.shape.length}D instead`,
    );
    const h = batched ? given : given.unsqueeze(0);
    check(h.shape[0] === N, () => `Input batch size ${N} doesn't match hidden${index} batch size ${h.shape[0]}`);
    check(h.shape[1] === this.hidden_size, () =>
      `hidden${index} has inconsistent hidden_size: got ${h.shape[1]}, expected ${this.hidden_size}`,
    );
    return h;
  }

  /** One step's [1, N, H] result in the caller's layout. */
  protected finish(out: Tensor, batched: boolean): Tensor {
    return batched ? out.squeeze(0) : out.reshape([this.hidden_size]);
  }
}

export class LSTMCell extends GatedCellBase {
  /**
   * One LSTM step: weight_ih [4H, input_size], weight_hh [4H, H], biases [4H], gate rows in
   * PyTorch's order i, f, g, o. `bias` may be given positionally, as in `nn.LSTMCell(10, 20, false)`.
   *
   * @example
   * const cell = new torch.nn.LSTMCell(10, 20);
   * let [h, c] = cell.forward(torch.randn([3, 10])); // the state starts from zeros when omitted
   * [h, c] = cell.forward(torch.randn([3, 10]), [h, c]); // each [3, 20]
   */
  constructor(input_size: number, hidden_size: number, options: GatedCellOptions | boolean = {}) {
    super('LSTMCell', 4, input_size, hidden_size, options);
  }

  /** x [N, input_size] or [input_size]; hx `[h, c]`, each like x with hidden_size (zeros when omitted). Returns `[h', c']`. */
  override forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    const { x, batched } = this.step(input);
    const h = this.state(hx?.[0], x, batched, 0);
    const c = this.state(hx?.[1], x, batched, 1);
    const [out, cells] = lstm_layer(x, h, c, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, null, { reverse: false, lengths: null });
    return [this.finish(out, batched), this.finish(cells, batched)];
  }
}

export class GRUCell extends GatedCellBase {
  /**
   * One GRU step: weight_ih [3H, input_size], weight_hh [3H, H], biases [3H], gate rows in
   * PyTorch's order r, z, n, with b_hn inside the reset product.
   *
   * @example
   * const cell = new torch.nn.GRUCell(10, 20);
   * const h = cell.forward(torch.randn([10])); // unbatched: h is [20]
   */
  constructor(input_size: number, hidden_size: number, options: GatedCellOptions | boolean = {}) {
    super('GRUCell', 3, input_size, hidden_size, options);
  }

  /** x [N, input_size] or [input_size]; hx like x with hidden_size (zeros when omitted). Returns h'. */
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const { x, batched } = this.step(input);
    const h = this.state(hx, x, batched, 0);
    const out = gru_layer(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, { reverse: false, lengths: null });
    return this.finish(out, batched);
  }
}

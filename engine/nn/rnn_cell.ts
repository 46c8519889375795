/** torch.nn.RNNCell: one Elman step, h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh). */
import type { Nonlinearity } from '../backends/kernel_names.ts';
import { check } from '../errors.ts';
import { rnn_layer } from '../ops/rnn_layer.ts';
import { parseOptions } from '../options.ts';
import { zeros } from '../tensor/creation.ts';
import { rnnInitBound } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { checkNonlinearity, checkSize } from './rnn_options.ts';

export interface RNNCellOptions {
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: Nonlinearity;
}

export class RNNCell extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  readonly nonlinearity: Nonlinearity;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  /**
   * An Elman RNN cell. Options may be given as an object or positionally as in PyTorch
   * (`new RNNCell(10, 20, true, 'relu')`). Weights start from U(-1/sqrt(hidden), 1/sqrt(hidden)).
   *
   * @example
   * const cell = new torch.nn.RNNCell(10, 20);
   * let h = torch.zeros([3, 20]);
   * h = cell.forward(torch.randn([3, 10]), h); // [3, 20]
   */
  constructor(input_size: number, hidden_size: number, options?: RNNCellOptions | boolean, nonlinearity?: Nonlinearity) {
    super();
    const opts = parseOptions('RNNCell', { bias: true, nonlinearity: 'tanh' as Nonlinearity }, typeof options === 'boolean' ? { bias: options, nonlinearity } : { nonlinearity, ...options });
    this.input_size = checkSize('input_size', input_size);
    this.hidden_size = checkSize('hidden_size', hidden_size);
    this.bias = opts.bias ?? true;
    this.nonlinearity = checkNonlinearity(opts.nonlinearity ?? 'tanh');
    this.weight_ih = new Parameter(zeros([hidden_size, input_size]));
    this.weight_hh = new Parameter(zeros([hidden_size, hidden_size]));
    this.bias_ih = this.bias ? new Parameter(zeros([hidden_size])) : null;
    this.bias_hh = this.bias ? new Parameter(zeros([hidden_size])) : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    const bound = rnnInitBound(this.hidden_size);
    for (const p of this.parameters()) uniform_(p, -bound, bound);
  }

  /** x [N, input_size] or [input_size]; hx like x with hidden_size (zeros when omitted). */
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    const rank = input.shape.length;
    check(rank === 1 || rank === 2, () => `RNNCell: Expected input to be 1D or 2D, got ${rank}D instead`);
    check(input.shape[rank - 1] === this.input_size, () =>
      `input has inconsistent input_size: got ${input.shape[rank - 1]} expected ${this.input_size}`,
    );
    const batched = rank === 2;
    const x = batched ? input : input.unsqueeze(0);
    const N = x.shape[0]!;
    let h: Tensor;
    if (hx === undefined || hx === null) h = zeros([N, this.hidden_size], { device: input.device });
    else {
      check(hx.shape.length === rank, () =>
        `RNNCell: Expected hidden to be ${rank}D to match the ${rank}D input, got ${hx.shape.length}D instead`,
      );
      h = batched ? hx : hx.unsqueeze(0);
      check(h.shape[0] === N, () => `Input batch size ${N} doesn't match hidden0 batch size ${h.shape[0]}`);
      check(h.shape[1] === this.hidden_size, () =>
        `hidden0 has inconsistent hidden_size: got ${h.shape[1]}, expected ${this.hidden_size}`,
      );
    }
    const out = rnn_layer(x.unsqueeze(0), h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, {
      nonlinearity: this.nonlinearity,
      reverse: false,
      lengths: null,
    });
    return batched ? out.squeeze(0) : out.reshape([this.hidden_size]);
  }
}

/**
 * The playground's model: a torch.nn.RNN (batch_first) with a Linear head on every timestep, the
 * exact architecture the exported PyTorch script rebuilds.
 */
import { torch } from 'engine';
import type { InitScheme } from '../config/schema.ts';

export interface ModelConfig {
  hiddenSize: number;
  numLayers: number;
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  bidirectional: boolean;
  dropout: number;
  init: { scheme: InitScheme; gain: number };
}

/**
 * Re-initialises every weight_hh_l* of `rnn` (in PyTorch's parameter order) as `init` says; the
 * default scheme keeps nn.RNN's draw and only scales it. The exported script does the same, in the
 * same order, so the seeded weights stay PyTorch's (orthogonal to float rounding: its QR differs).
 */
export function initRecurrent(rnn: torch.nn.RNN, init: ModelConfig['init']): void {
  if (init.scheme === 'default' && init.gain === 1) return;
  // A Python float times a float32 tensor multiplies in float32: the gain is rounded first, as there.
  const gain = Math.fround(init.gain);
  torch.no_grad(() => {
    for (const [name, w] of rnn.named_parameters()) {
      if (!name.startsWith('weight_hh_')) continue;
      if (init.scheme === 'identity') torch.nn.init.eye_(w);
      else if (init.scheme === 'orthogonal') torch.nn.init.orthogonal_(w);
      w.mul_(gain);
    }
  });
}

/**
 * Switches the RNN's nonlinearity in place, keeping its weights (and the optimizer's state on
 * them): nn.RNN reads it at every forward, as PyTorch's RNN reads its `mode`, which is what a
 * mid-run change needs. The engine declares the constructor's choice read-only; this is the one
 * place that writes it, with a value the config's schema already checked.
 */
export function setNonlinearity(model: SequenceModel, nonlinearity: ModelConfig['nonlinearity']): void {
  if (model.rnn.nonlinearity !== nonlinearity) Object.assign(model.rnn, { nonlinearity });
}

export class SequenceModel extends torch.nn.Module {
  rnn: torch.nn.RNN;
  head: torch.nn.Linear;

  constructor(inputSize: number, outputSize: number, config: ModelConfig) {
    super();
    this.rnn = new torch.nn.RNN(inputSize, config.hiddenSize, {
      num_layers: config.numLayers,
      nonlinearity: config.nonlinearity,
      bias: config.bias,
      batch_first: true,
      dropout: config.dropout,
      bidirectional: config.bidirectional,
    });
    initRecurrent(this.rnn, config.init);
    this.head = new torch.nn.Linear(config.hiddenSize * (config.bidirectional ? 2 : 1), outputSize);
  }

  /**
   * x [N, T, input] -> per-step outputs [N, T, output]. With `lengths`, entries are packed so
   * padding never reaches the RNN (outputs past an entry's length are the head's bias on zeros).
   */
  override forward(x: torch.Tensor, lengths?: readonly number[]): torch.Tensor {
    if (lengths === undefined) return this.head.forward(this.rnn.forward(x)[0]);
    const { pack_padded_sequence, pad_packed_sequence } = torch.nn.utils.rnn;
    const packed = pack_padded_sequence(x, lengths, { batch_first: true, enforce_sorted: false });
    const [out] = pad_packed_sequence(this.rnn.forward(packed)[0], { batch_first: true, total_length: x.shape[1] });
    return this.head.forward(out);
  }
}

/**
 * The playground's model: a torch.nn.RNN (batch_first) with a Linear head on every timestep, the
 * exact architecture the exported PyTorch script rebuilds.
 */
import { torch } from 'engine';

export interface ModelConfig {
  hiddenSize: number;
  numLayers: number;
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  bidirectional: boolean;
  dropout: number;
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

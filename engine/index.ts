/**
 * RNN Playground's tensor engine: a PyTorch-faithful subset (tensors, autograd, nn.RNN/RNNCell,
 * nn.LSTM/LSTMCell, nn.GRU/GRUCell, Linear, packing) on a CPU backend, with the WebGPU backend behind the same contract.
 *
 * @example
 * import { torch } from 'engine';
 * const rnn = new torch.nn.RNN(10, 20, { num_layers: 2 });
 * const [output, h_n] = rnn.forward(torch.randn([5, 3, 10]), torch.randn([2, 3, 20]));
 */
export * as torch from './torch.ts';
/**
 * safetensors files: `safetensors.load(bytes)`, `safetensors.save(tensors, metadata?)`,
 * `safetensors.metadata(bytes)`, and `safetensors.read(bytes)` with each tensor's stored dtype.
 *
 * @example
 * import { safetensors, torch } from 'engine';
 * const rnn = new torch.nn.RNN(4, 16);
 * rnn.load_state_dict(safetensors.load(bytes));
 */
export * as safetensors from './serialization/safetensors.ts';

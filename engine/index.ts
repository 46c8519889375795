/**
 * RNN Playground's tensor engine: a PyTorch-faithful subset (tensors, autograd, nn.RNN/RNNCell,
 * Linear, packing) on a CPU backend, with the WebGPU backend behind the same contract.
 *
 * @example
 * import { torch } from 'engine';
 * const rnn = new torch.nn.RNN(10, 20, { num_layers: 2 });
 * const [output, h_n] = rnn.forward(torch.randn([5, 3, 10]), torch.randn([2, 3, 20]));
 */
export * as torch from './torch.ts';

/** Fused Elman RNN forward and backward through time, one layer and direction per call. */
import { type CpuKernel } from './kernel.ts';

export const rnn_forward: CpuKernel<'rnn_forward'> = () => {
  throw new Error('kernel "rnn_forward" is not implemented on the cpu backend yet');
};

export const rnn_backward: CpuKernel<'rnn_backward'> = () => {
  throw new Error('kernel "rnn_backward" is not implemented on the cpu backend yet');
};

/** The WebGPU kernel table: every kernel name maps to the function that records its GPU work. */
import { binary } from './binary.ts';
import { fill } from './fill.ts';
import { gather_rows } from './gather_rows.ts';
import type { GpuKernelTable } from './kernel.ts';
import { gru_backward, gru_forward } from './gru.ts';
import { lstm_backward, lstm_forward } from './lstm.ts';
import { matmul } from './matmul.ts';
import { reduce } from './reduce.ts';
import { rnn_backward } from './rnn_backward.ts';
import { rnn_forward } from './rnn_forward.ts';
import { scatter_add_rows } from './scatter_add_rows.ts';
import { strided_copy } from './strided_copy.ts';
import { strided_write } from './strided_write.ts';
import { unary } from './unary.ts';

export const webgpuKernels: GpuKernelTable = {
  fill,
  unary,
  binary,
  reduce,
  matmul,
  strided_copy,
  strided_write,
  gather_rows,
  scatter_add_rows,
  rnn_forward,
  rnn_backward,
  lstm_forward,
  lstm_backward,
  gru_forward,
  gru_backward,
};

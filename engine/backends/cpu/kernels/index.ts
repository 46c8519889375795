/** The CPU kernel table: every kernel name maps to its Float32Array implementation. */
import { binary, fill, unary } from './elementwise.ts';
import type { CpuKernelTable } from './kernel.ts';
import { matmul } from './matmul.ts';
import { gru_backward, gru_forward } from './gru.ts';
import { lstm_backward, lstm_forward } from './lstm.ts';
import { reduce } from './reduce.ts';
import { rnn_backward, rnn_forward } from './rnn.ts';
import { gather_rows, scatter_add_rows, strided_copy, strided_write } from './strided.ts';

export const cpuKernels: CpuKernelTable = {
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

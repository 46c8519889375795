/**
 * The gated-layer fixtures (`fixtures/gates/`, written by make_gates.py with real PyTorch): their
 * case types, and modules built from a case's arguments and weights.
 */
import { torch } from '../index.ts';
import { loadFixture } from './fixtures.ts';
import type { GoldenTensor } from './golden.ts';
import type { OptimizerSpec } from './golden.ts';

export interface GatedLayerArgs {
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
  /** LSTM only. */
  proj_size?: number;
}

/** nn.LSTM / nn.GRU forward and backward; the loss is sum(output g) + sum(h_n g_h) (+ sum(c_n g_c)). */
export interface GatedLayerCase {
  name: string;
  kind: 'LSTM' | 'GRU';
  args: GatedLayerArgs;
  /** torch.manual_seed before a training-mode forward whose dropout draws matter, else null. */
  dropout_seed: number | null;
  state_dict: Record<string, GoldenTensor>;
  input: GoldenTensor;
  h_0: GoldenTensor | null;
  c_0: GoldenTensor | null;
  lengths: number[] | null;
  grad_output: GoldenTensor;
  grad_h_n: GoldenTensor;
  grad_c_n: GoldenTensor | null;
  output: GoldenTensor;
  h_n: GoldenTensor;
  c_n: GoldenTensor | null;
  grads: Record<string, GoldenTensor>;
}

/** nn.LSTMCell / nn.GRUCell one step forward and backward. */
export interface GatedCellCase {
  name: string;
  kind: 'LSTMCell' | 'GRUCell';
  args: { input_size: number; hidden_size: number; bias: boolean };
  state_dict: Record<string, GoldenTensor>;
  input: GoldenTensor;
  h_0: GoldenTensor | null;
  c_0: GoldenTensor | null;
  grad_h: GoldenTensor;
  grad_c: GoldenTensor | null;
  h: GoldenTensor;
  c: GoldenTensor | null;
  grads: Record<string, GoldenTensor>;
}

/** A seeded default initialisation: torch.manual_seed(seed), then the constructor. */
export interface GatedInitCase {
  name: string;
  module: 'LSTM' | 'GRU' | 'LSTMCell' | 'GRUCell';
  seed: number;
  args: { input_size: number; hidden_size: number } & Partial<GatedLayerArgs>;
  state_dict: Record<string, GoldenTensor>;
}

/** `steps` steps of (LSTM or GRU) -> Linear head, MSE against target, one optimizer. */
export interface GatedTrainCase {
  name: string;
  kind: 'LSTM' | 'GRU';
  args: { input_size: number; hidden_size: number; num_layers: number; bidirectional: boolean; proj_size?: number };
  head: { in_features: number; out_features: number };
  optimizer: OptimizerSpec | { name: 'adamw'; lr: number; betas: [number, number]; eps: number; weight_decay: number; amsgrad: boolean };
  state_dict: Record<string, GoldenTensor>;
  input: GoldenTensor;
  target: GoldenTensor;
  steps: number;
  losses: number[];
  final_state_dict: Record<string, GoldenTensor>;
}

/** The cases of `fixtures/gates/<file>.json`. */
export function gatedCases<T>(file: 'lstm' | 'gru' | 'cells' | 'init' | 'train'): T[] {
  return loadFixture<{ cases: T[] }>('gates', file).cases;
}

/** The module a case describes, with PyTorch's arguments (weights as constructed). */
export function gatedModule(
  kind: GatedInitCase['module'],
  args: GatedInitCase['args'],
): torch.nn.LSTM | torch.nn.GRU | torch.nn.LSTMCell | torch.nn.GRUCell {
  const { input_size, hidden_size, ...options } = args;
  if (kind === 'LSTMCell') return new torch.nn.LSTMCell(input_size, hidden_size, { bias: options.bias ?? true });
  if (kind === 'GRUCell') return new torch.nn.GRUCell(input_size, hidden_size, { bias: options.bias ?? true });
  if (kind === 'LSTM') return new torch.nn.LSTM(input_size, hidden_size, options);
  const { proj_size: _none, ...gru } = options;
  return new torch.nn.GRU(input_size, hidden_size, gru);
}

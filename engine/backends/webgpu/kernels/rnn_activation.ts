/**
 * The Elman RNN's activation, and `activation_backward(g, y)`: the gradient at its input given g
 * at its output y, as PyTorch computes it: g (1 - y^2) for tanh, and for relu a select, not a
 * product, so g passes where y is NaN and an infinite g gives 0 (not NaN) where y <= 0. Needs
 * the step preamble (steps.ts) for `is_nan` and `stable_tanh`.
 */
import type { Nonlinearity } from '../../kernel_names.ts';

export const activationWgsl = (nonlinearity: Nonlinearity): string =>
  nonlinearity === 'tanh'
    ? /* wgsl */ `
fn activation(v: f32) -> f32 { return stable_tanh(v); }
fn activation_backward(g: f32, y: f32) -> f32 { return g * (1.0 - y * y); }
`
    : /* wgsl */ `
fn activation(v: f32) -> f32 { return select(v, 0.0, !is_nan(v) && v < 0.0); }
fn activation_backward(g: f32, y: f32) -> f32 { return select(g, 0.0, !is_nan(y) && y <= 0.0); }
`;

/** Argument checks shared by RNN and RNNCell, worded as PyTorch words them. */
import type { Nonlinearity } from '../backends/kernel_names.ts';
import { check } from '../errors.ts';

export function checkNonlinearity(value: unknown): Nonlinearity {
  check(value === 'tanh' || value === 'relu', () =>
    `Unknown nonlinearity '${String(value)}'. Select from 'tanh' or 'relu'.`,
  );
  return value;
}

export function checkSize(name: string, value: number): number {
  check(Number.isInteger(value) && value > 0, () => `${name} must be an integer greater than zero, got ${value}`);
  return value;
}

/**
 * The PyTorch-made model files (`fixtures/`, see make_models.py) and what PyTorch says about them,
 * for the unit tests and the Playwright test that open them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODEL_FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** PyTorch's constructor arguments of a module the file holds, and the head reading it. */
export interface ExpectedModel {
  kind: 'RNN' | 'LSTM' | 'GRU';
  prefix: string;
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  bidirectional: boolean;
  head: { prefix: string; in_features: number; out_features: number; bias: boolean } | null;
}

/** PyTorch's hidden states (float64) of one model for the input `csv` holds (all rows but the last). */
export interface ExpectedRun {
  prefix: string;
  nonlinearity: 'tanh' | 'relu';
  input: FixtureTensor;
  csv: string;
  layers: { layer: number; direction: number; hidden: FixtureTensor }[];
  output?: FixtureTensor;
}

export type ModelFixture = { models: ExpectedModel[]; runs: ExpectedRun[] } | { error: string[] };

export const MODEL_CASES = JSON.parse(readFileSync(join(MODEL_FIXTURES, 'expected.json'), 'utf8')) as Record<string, ModelFixture>;

export function modelFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(MODEL_FIXTURES, name)));
}

/**
 * The one loader for `../shared/golden/`: reference values computed by real PyTorch (see that
 * folder's README). Tests read cases through here and compare with {@link expectClose}; nothing
 * here ever produces expected values from the engine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A stored tensor: row-major data and its shape. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

export interface RnnArgs {
  input_size: number;
  hidden_size: number;
  num_layers: number;
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
}

export interface RnnCellArgs {
  input_size: number;
  hidden_size: number;
  bias: boolean;
  nonlinearity: 'tanh' | 'relu';
}

interface ForwardBackwardCase {
  name: string;
  state_dict: Record<string, GoldenTensor>;
  input: GoldenTensor;
  hx: GoldenTensor | null;
  output: GoldenTensor;
  grad_output: GoldenTensor;
  grads: Record<string, GoldenTensor | null>;
}

export interface RnnCase extends ForwardBackwardCase {
  kind: 'RNN';
  args: RnnArgs;
  lengths: number[] | null;
  h_n: GoldenTensor;
  grad_h_n: GoldenTensor | null;
}

export interface RnnCellCase extends ForwardBackwardCase {
  kind: 'RNNCell';
  args: RnnCellArgs;
}

export type OptimizerSpec =
  | { name: 'sgd'; lr: number; momentum: number; dampening?: number; nesterov?: boolean; weight_decay?: number }
  | { name: 'adam'; lr: number; betas: [number, number]; eps: number; weight_decay: number; amsgrad: boolean }
  | { name: 'rmsprop'; lr: number; alpha: number; eps: number; weight_decay: number; momentum: number; centered: boolean };

export interface TrainCase {
  name: string;
  kind: 'train';
  args: RnnArgs;
  head: { in_features: number; out_features: number; bias: boolean };
  loss: 'mse_mean';
  state_dict: Record<string, GoldenTensor>;
  input: GoldenTensor;
  target: GoldenTensor;
  optimizer: OptimizerSpec;
  clip_grad_norm: number | null;
  steps: number;
  losses: number[];
  grad_norms: number[];
  final_state_dict: Record<string, GoldenTensor>;
}

export interface RandomCase {
  name: string;
  kind: 'rand' | 'randn';
  seed: number;
  size: number;
  data: number[];
}

export interface InitCase {
  name: string;
  kind: 'init';
  seed: number;
  module: 'RNN' | 'RNNCell' | 'Linear';
  args: Record<string, number | boolean | string>;
  state_dict: Record<string, GoldenTensor>;
}

/** `../shared/golden` beside the repository root. */
export const goldenDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/golden');

/** Every case whose file name starts with `prefix` (e.g. `rnn_`, `train_`, `init/randn_`), by name. */
export function loadGolden<T extends { name: string }>(prefix: string): T[] {
  const slash = prefix.lastIndexOf('/');
  const dir = join(goldenDir, prefix.slice(0, slash + 1));
  if (!existsSync(dir)) {
    throw new Error(`golden reference folder ${dir} not found: the tests expect ../shared/golden beside the repository`);
  }
  const start = prefix.slice(slash + 1);
  return readdirSync(dir)
    .filter((f) => f.startsWith(start) && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
}

/** Tolerances from the golden README. */
export const TOL = {
  forward: { atol: 1e-5, rtol: 1e-4 },
  grad: { atol: 5e-5, rtol: 5e-4 },
  train: { atol: 2e-4, rtol: 2e-3 },
} as const;

/**
 * Checks `|actual - ref| <= atol * max(1, max|ref|) + rtol * |ref|` element by element and throws
 * a message naming the first bad element, its index, both values and the allowed error. A
 * non-finite reference (the fixtures' NaN and ±inf) must be matched exactly: NaN by NaN, inf by
 * the same inf; the scale counts finite references only.
 */
export function expectClose(
  what: string,
  actual: ArrayLike<number>,
  ref: GoldenTensor | { data: ArrayLike<number> } | ArrayLike<number>,
  tol: { atol: number; rtol: number },
): void {
  const expected = 'data' in ref ? ref.data : ref;
  if (actual.length !== expected.length) {
    throw new Error(`${what}: expected ${expected.length} elements, got ${actual.length}`);
  }
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) if (Number.isFinite(expected[i]!)) maxAbs = Math.max(maxAbs, Math.abs(expected[i]!));
  const scale = tol.atol * Math.max(1, maxAbs);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) throw new Error(`${what}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    const allowed = scale + tol.rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= allowed)) {
      throw new Error(`${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > allowed ${allowed})`);
    }
  }
}

/**
 * torch.nn.init: in-place initialisers with PyTorch's formulas (bounds computed in doubles in
 * PyTorch's order) and draws from the PyTorch-exact generator, so a seed gives PyTorch's weights
 * bit for bit. Every random initialiser takes a `generator` (the default one when omitted) and
 * draws only through `tensor/random.ts`.
 */
import { no_grad } from '../autograd/grad_mode.ts';
import { check } from '../errors.ts';
import { bindArgs } from '../options.ts';
import { fromFloat32 } from '../tensor/creation.ts';
import { default_generator, type Generator, normal_ as normalValues, uniform_ as uniformValues } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { householderQr } from './qr.ts';

/** Every nonlinearity `calculate_gain` knows. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

const LINEAR_LIKE = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/**
 * The recommended gain for a nonlinearity, PyTorch's table: 1 for linear and sigmoid, 5/3 for
 * tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope `param`, default 0.01),
 * 3/4 for selu.
 *
 * @example
 * torch.nn.init.calculate_gain('leaky_relu', 0.2); // 1.3867504905630728
 */
export function calculate_gain(nonlinearity: Nonlinearity, param: number | null = null): number {
  if (LINEAR_LIKE.has(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'selu') return 3.0 / 4;
  check(nonlinearity === 'leaky_relu', () => `Unsupported nonlinearity ${String(nonlinearity)}`);
  const slope = param ?? 0.01;
  check(typeof slope === 'number' && Number.isFinite(slope), () => `negative_slope ${String(param)} not a valid number`);
  return Math.sqrt(2.0 / (1 + slope ** 2));
}

/** fan_in = size(1) * receptive field, fan_out = size(0) * receptive field (PyTorch's rule). */
function fans(t: Tensor): { fan_in: number; fan_out: number } {
  check(t.shape.length >= 2, () => 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = t.shape.slice(2).reduce((n, d) => n * d, 1);
  return { fan_in: t.shape[1]! * receptive, fan_out: t.shape[0]! * receptive };
}

/** Writes `values` into `t` in place, outside the autograd graph. */
function write(t: Tensor, values: Float32Array): Tensor {
  no_grad(() => t.copy_(fromFloat32(values, t.shape)));
  return t;
}

/**
 * Fills `t` in place from U(a, b), drawing exactly as PyTorch's `tensor.uniform_`.
 *
 * @example
 * torch.nn.init.uniform_(w, -0.1, 0.1);
 * torch.nn.init.uniform_(w, { b: 0.5, generator: g }); // U(0, 0.5) from g, as uniform_(w, b=0.5, generator=g)
 */
export function uniform_(
  t: Tensor,
  ...args: [a?: number, b?: number, generator?: Generator] | [options: { a?: number; b?: number; generator?: Generator }]
): Tensor {
  const { a, b, generator } = bindArgs('uniform_', { a: 0, b: 1, generator: default_generator }, args);
  return write(t, uniformValues(generator, t.numel(), a, b));
}

/**
 * Fills `t` in place from N(mean, std^2), drawing exactly as PyTorch's `tensor.normal_`.
 *
 * @example
 * torch.nn.init.normal_(w, 0, 0.02); // the same numbers as PyTorch after the same manual_seed
 */
export function normal_(
  t: Tensor,
  ...args: [mean?: number, std?: number, generator?: Generator] | [options: { mean?: number; std?: number; generator?: Generator }]
): Tensor {
  const { mean, std, generator } = bindArgs('normal_', { mean: 0, std: 1, generator: default_generator }, args);
  return write(t, normalValues(generator, t.numel(), mean, std));
}

/**
 * Fills `t` with `val`.
 *
 * @example
 * torch.nn.init.constant_(rnn.bias_hh_l0, 0.1); // a parameter, in place under no_grad; returns the same tensor
 */
export function constant_(t: Tensor, val: number): Tensor {
  no_grad(() => t.fill_(val));
  return t;
}

/**
 * Fills `t` with zeros.
 *
 * @example
 * torch.nn.init.zeros_(linear.bias).sum().item(); // 0, and linear.bias is still the registered Parameter
 */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * Fills `t` with ones.
 *
 * @example
 * torch.nn.init.ones_(w) === w; // true: filled in place and returned, as the trailing underscore says
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/**
 * Fills a 2-D `t` with the identity (ones on the main diagonal of a possibly non-square matrix).
 *
 * @example
 * torch.nn.init.eye_(rnn.weight_hh_l0); // an IRNN: the recurrence starts as the identity
 */
export function eye_(t: Tensor): Tensor {
  check(t.shape.length === 2, () => 'Only tensors with 2 dimensions are supported');
  const [rows, cols] = t.shape as [number, number];
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) values[i * cols + i] = 1;
  return write(t, values);
}

type GainArgs = [gain?: number, generator?: Generator] | [options: { gain?: number; generator?: Generator }];

/**
 * Glorot uniform: U(-a, a) with `a = gain * sqrt(6 / (fan_in + fan_out))`, computed as PyTorch does.
 *
 * @example
 * torch.nn.init.xavier_uniform_(w, torch.nn.init.calculate_gain('tanh')); // a = 5/3 * sqrt(6 / (in + out))
 */
export function xavier_uniform_(t: Tensor, ...args: GainArgs): Tensor {
  const { gain, generator } = bindArgs('xavier_uniform_', { gain: 1.0, generator: default_generator }, args);
  const { fan_in, fan_out } = fans(t);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  const a = Math.sqrt(3.0) * std;
  return write(t, uniformValues(generator, t.numel(), -a, a));
}

/**
 * Glorot normal: N(0, std^2) with `std = gain * sqrt(2 / (fan_in + fan_out))`.
 *
 * @example
 * torch.nn.init.xavier_normal_(w); // std sqrt(2 / (in + out))
 */
export function xavier_normal_(t: Tensor, ...args: GainArgs): Tensor {
  const { gain, generator } = bindArgs('xavier_normal_', { gain: 1.0, generator: default_generator }, args);
  const { fan_in, fan_out } = fans(t);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  return write(t, normalValues(generator, t.numel(), 0, std));
}

export type FanMode = 'fan_in' | 'fan_out';

export interface KaimingOptions {
  /** Negative slope of the leaky_relu that follows (default 0). */
  a?: number;
  /** 'fan_in' (default) keeps the forward variance, 'fan_out' the backward one. */
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

type KaimingArgs =
  | [a?: number, mode?: FanMode, nonlinearity?: Nonlinearity, generator?: Generator]
  | [options: KaimingOptions];

const KAIMING_DEFAULTS = { a: 0, mode: 'fan_in' as FanMode, nonlinearity: 'leaky_relu' as Nonlinearity, generator: default_generator };

/** `gain / sqrt(fan)`, or null for an empty tensor (PyTorch warns and leaves it). */
function kaimingStd(t: Tensor, o: typeof KAIMING_DEFAULTS): number | null {
  check(o.mode === 'fan_in' || o.mode === 'fan_out', () => `Mode ${String(o.mode)} not supported, please use one of ['fan_in', 'fan_out']`);
  if (t.numel() === 0) return null;
  const fan = fans(t)[o.mode];
  return calculate_gain(o.nonlinearity, o.a) / Math.sqrt(fan);
}

/**
 * He uniform: U(-b, b) with `b = sqrt(3) * gain / sqrt(fan)`, gain from `nonlinearity` and `a`.
 *
 * @example
 * torch.nn.init.kaiming_uniform_(w, { a: Math.sqrt(5) }); // nn.Linear's own default weight init
 */
export function kaiming_uniform_(t: Tensor, ...args: KaimingArgs): Tensor {
  const o = bindArgs('kaiming_uniform_', KAIMING_DEFAULTS, args);
  const std = kaimingStd(t, o);
  if (std === null) return t;
  const bound = Math.sqrt(3.0) * std;
  return write(t, uniformValues(o.generator, t.numel(), -bound, bound));
}

/**
 * He normal: N(0, std^2) with `std = gain / sqrt(fan)`.
 *
 * @example
 * torch.nn.init.kaiming_normal_(w, { mode: 'fan_out', nonlinearity: 'relu' }); // std sqrt(2 / out)
 */
export function kaiming_normal_(t: Tensor, ...args: KaimingArgs): Tensor {
  const o = bindArgs('kaiming_normal_', KAIMING_DEFAULTS, args);
  const std = kaimingStd(t, o);
  if (std === null) return t;
  return write(t, normalValues(o.generator, t.numel(), 0, std));
}

/**
 * A (semi-)orthogonal matrix times `gain`, PyTorch's recipe: the tensor viewed as
 * [size(0), rest], standard normals drawn in that shape from the generator, the Q of their QR
 * (of the transpose when wide) with each column's sign fixed by R's diagonal. Matches PyTorch to
 * float rounding (PyTorch's QR runs in float32 LAPACK, this one in float64).
 *
 * @example
 * torch.nn.init.orthogonal_(rnn.weight_hh_l0); // W W^T = I: the recurrence neither grows nor shrinks at init
 */
export function orthogonal_(t: Tensor, ...args: GainArgs): Tensor {
  const { gain, generator } = bindArgs('orthogonal_', { gain: 1, generator: default_generator }, args);
  check(t.shape.length >= 2, () => 'Only tensors with 2 or more dimensions are supported');
  if (t.numel() === 0) return t;
  const rows = t.shape[0]!;
  const cols = t.numel() / rows;
  const drawn = normalValues(generator, rows * cols, 0, 1);
  const wide = rows < cols;
  const [m, n] = wide ? [cols, rows] : [rows, cols];
  const a = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[wide ? j * n + i : i * n + j] = drawn[i * cols + j]!;
  const { q, rDiag } = householderQr(a, m, n);
  const values = new Float32Array(rows * cols);
  const g = Math.fround(gain);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      // q *= sign(diag(r)) per column (0 for a zero pivot, as torch.sign), then the gain in float32.
      const v = Math.fround(q[i * n + j]! * Math.sign(rDiag[j]!)) * g;
      values[wide ? j * cols + i : i * cols + j] = v;
    }
  }
  return write(t, values);
}

/**
 * Random tensors and seeding, as `torch.rand`, `torch.randn`, `torch.randperm`, `torch.randint`,
 * `torch.manual_seed`. Each takes a `generator` option, as in PyTorch; without one it draws from
 * the default generator (or the one `torch.random.use_generator` put in its place).
 */
import { check } from '../errors.ts';
import { default_generator, Generator, normal_, randint_, randperm_, uniform_, type GeneratorState } from './random.ts';
import { checkCreationOptions, fromFloat32, type CreationOptions, type SizeLike } from './creation.ts';
import { numelOf } from './shape.ts';
import type { Tensor } from './tensor.ts';

export { default_generator, fork_rng, Generator, use_generator, type GeneratorState } from './random.ts';

export interface RandomOptions extends CreationOptions {
  /** The generator to draw from (the default generator when omitted). */
  generator?: Generator;
}

function shapeOf(size: SizeLike): number[] {
  return typeof size === 'number' ? [size] : [...size];
}

/**
 * Seeds the default generator, like `torch.manual_seed`: the same seed gives the same draws
 * (and the same default weights) as PyTorch.
 *
 * @example
 * torch.manual_seed(0);
 * torch.rand([3]); // [0.4963, 0.7682, 0.0885], as in PyTorch
 */
export function manual_seed(seed: number): Generator {
  return default_generator.manual_seed(seed);
}

/** The seed the default generator was last seeded with. */
export function initial_seed(): number {
  return default_generator.initial_seed();
}

/**
 * The default generator's state, as `torch.get_rng_state()` (plain data here, not a ByteTensor).
 *
 * @example
 * const saved = torch.get_rng_state();
 * torch.rand([2]);
 * torch.set_rng_state(saved); // the next rand repeats those two values
 */
export function get_rng_state(): GeneratorState {
  return default_generator.get_state();
}

/** Restores the default generator from {@link get_rng_state}, as `torch.set_rng_state`. */
export function set_rng_state(state: GeneratorState): void {
  default_generator.set_state(state);
}

/**
 * Uniform values in [0, 1).
 *
 * @example
 * const x = torch.rand([2, 3]);
 */
export function rand(size: SizeLike, options: RandomOptions = {}): Tensor {
  checkCreationOptions('rand', options, { generator: null });
  const shape = shapeOf(size);
  return fromFloat32(uniform_(options.generator ?? default_generator, numelOf(shape), 0, 1), shape, options);
}

/**
 * Standard normal values.
 *
 * @example
 * const x = torch.randn([5, 3, 10]);
 */
export function randn(size: SizeLike, options: RandomOptions = {}): Tensor {
  checkCreationOptions('randn', options, { generator: null });
  const shape = shapeOf(size);
  return fromFloat32(normal_(options.generator ?? default_generator, numelOf(shape), 0, 1), shape, options);
}

/**
 * A random permutation of 0..n-1 as int64, drawn as PyTorch's CPU `randperm` draws it (one
 * 32-bit draw per position, swapping forward), so a seed gives PyTorch's permutation.
 *
 * @example
 * torch.randperm(10, { generator: new torch.Generator().manual_seed(42) }).tolist();
 * // [7, 4, 0, 8, 2, 6, 9, 3, 1, 5], as PyTorch
 */
export function randperm(n: number, options: Omit<RandomOptions, 'dtype'> = {}): Tensor {
  checkCreationOptions('randperm', options, { generator: null });
  check(Number.isInteger(n) && n >= 0 && n < 2 ** 24, () =>
    `randperm expects n to be an integer in [0, 2^24) (int64 values are stored as float32 here), got n=${n}`,
  );
  return fromFloat32(randperm_(options.generator ?? default_generator, n), [n], { ...options, dtype: 'int64' });
}

/**
 * Integers drawn uniformly from [low, high), int64 unless `dtype` says otherwise, as PyTorch's
 * `torch.randint(low, high, size)` (one 32-bit draw per element, modulo the range).
 *
 * @example
 * const ids = torch.randint(0, 10, [4, 5]); // token ids for a toy batch
 */
export function randint(low: number, high: number, size: SizeLike, options: RandomOptions = {}): Tensor {
  checkCreationOptions('randint', options, { generator: null });
  check(Number.isInteger(low) && Number.isInteger(high) && low < high, () =>
    `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
  );
  check(Math.abs(low) <= 2 ** 24 && Math.abs(high) <= 2 ** 24, () =>
    `randint expects low and high within ±2^24 (int64 values are stored as float32 here), got [${low}, ${high})`,
  );
  const shape = shapeOf(size);
  const values = randint_(options.generator ?? default_generator, numelOf(shape), low, high);
  return fromFloat32(values, shape, { dtype: 'int64', ...options });
}

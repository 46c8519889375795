/** Random tensors and seeding, as `torch.rand`, `torch.randn`, `torch.manual_seed`. */
import { default_generator, Generator, normal_, uniform_ } from './random.ts';
import { checkCreationOptions, fromFloat32, type CreationOptions, type SizeLike } from './creation.ts';
import { numelOf } from './shape.ts';
import type { Tensor } from './tensor.ts';

export { default_generator, Generator, type GeneratorState } from './random.ts';

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

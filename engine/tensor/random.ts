/**
 * PyTorch's CPU random streams, bit for bit: the mt19937 generator behind `torch.manual_seed`
 * and what `rand`, `randn`, `uniform_`, `normal_` and `bernoulli_` make of it (PyTorch 1.13's
 * CPUGeneratorImpl and its distribution kernels), plus the default-init bounds. The same seed
 * therefore gives the same initial weights here as in PyTorch. Pure functions over
 * Float32Array; `random_tensors.ts` wraps them as tensors.
 */
export { default_generator, fork_rng, Generator, use_generator, type GeneratorState } from './random/generator.ts';
export { bernoulli_, normal_, rand, randint_, randn, randperm_, uniform_ } from './random/distributions.ts';
export { kaimingUniformBound, linearBiasBound, rnnInitBound } from './random/init_bounds.ts';

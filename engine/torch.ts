/**
 * The `torch` namespace: PyTorch's names and argument names, so PyTorch code ports line by line.
 * Import it as `import { torch } from 'engine'`.
 */
export { Tensor, type DType, type NestedArray, type GradHook } from './tensor/tensor.ts';
export { TorchError } from './errors.ts';
export { device, Device, type DeviceLike } from './tensor/device.ts';
export {
  tensor, zeros, ones, full, zeros_like, ones_like, full_like, arange, linspace, eye,
  type CreationOptions, type SizeLike,
} from './tensor/creation.ts';
export {
  rand, randn, randperm, randint, manual_seed, initial_seed, get_rng_state, set_rng_state, Generator, default_generator,
  type GeneratorState, type RandomOptions,
} from './tensor/random_tensors.ts';
export * as random from './tensor/rng.ts';
export { no_grad, enable_grad, is_grad_enabled } from './autograd/grad_mode.ts';
export { add, sub, mul, div, pow, neg, exp, log, tanh, relu, sigmoid, sqrt, abs, maximum, minimum } from './ops/elementwise.ts';
export { sum, mean, argmax, argmin, max, min, type ValuesIndices } from './ops/reduce.ts';
export { clamp, clamp_min, clamp_max, clamp as clip } from './ops/clamp.ts';
export { norm, type NormOrd } from './ops/norm.ts';
export { matmul } from './ops/matmul.ts';
export { index_select, gather } from './ops/indexing.ts';
export { cat, stack, reshape, transpose, permute, select, narrow, unsqueeze, squeeze } from './ops/views.ts';
export * as autograd from './autograd/index.ts';
export * as nn from './nn/index.ts';
export * as optim from './optim/index.ts';
export * as backends from './torch_backends/index.ts';
export { set_num_threads, get_num_threads } from './torch_backends/threads.ts';
export { load, save } from './serialization/index.ts';
export * as serialization from './serialization/index.ts';

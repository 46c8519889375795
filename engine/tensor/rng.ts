/**
 * `torch.random`: the default generator's seed and state, and the scopes that keep one run's
 * draws off another's stream (`use_generator`, `fork_rng`).
 */
export { fork_rng, get_rng_state, initial_seed, manual_seed, set_rng_state, use_generator } from './random_tensors.ts';

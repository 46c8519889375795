/**
 * Picking the next symbol from a model's logits, for free-running generation (char LMs). The
 * loop that feeds each sampled character back needs the model, so it lives in the runner; this is the pure step.
 */
import type { Rng } from './rng.ts';
import { argmax } from './decode.ts';

/**
 * Samples a class index from `softmax(logits / temperature)`.
 *
 * Low temperatures sharpen the distribution towards the most likely symbol (safe, repetitive),
 * high ones flatten it (surprising, error-prone); `temperature <= 0` is greedy argmax.
 *
 * @param logits unnormalised scores, one per class
 * @param temperature softness of the choice; 1 samples the model's own distribution
 * @param rng the data generator, so a seeded generation replays exactly
 * @example
 * sampleWithTemperature([2, 0.5, -1], 0.7, new Rng(1)); // most often 0
 */
export function sampleWithTemperature(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  if (logits.length === 0) throw new RangeError('sampleWithTemperature needs at least one logit');
  if (!(temperature > 0)) return argmax(logits);
  // Subtract the max before exponentiating so large logits cannot overflow to Infinity.
  const best = logits[argmax(logits)] as number;
  const weights = Array.from(logits, (v) => Math.exp((v - best) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  // Rounding can leave u a hair above zero after the last class; it is the last class then.
  return weights.length - 1;
}

/** The temperature free-running text starts at: mostly the likeliest character, with some variety. */
export const DEFAULT_TEMPERATURE = 0.8;

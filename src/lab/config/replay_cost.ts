/**
 * How long opening a link takes: a link at step N replays N training steps before it shows
 * anything, so the page estimates that time first and asks before a long one (above
 * ASK_ABOVE_SECONDS).
 *
 * The estimate counts the floating-point work of one step of nn.RNN plus its Linear head
 * (forward, then backward through time at about twice the forward's cost) and divides by a
 * throughput measured with `npm run bench` (README, row L: in 16, hidden 256, 2 layers, batch 64,
 * seq 100 trains 7.2 steps/s on two threads, about 55 GFLOP/s), plus a fixed cost per RNN cell for
 * what does not scale with the sizes (kernel calls, allocation; rows S and M put it at 20 to 60 µs),
 * plus a fixed cost per step in the page (batch drawing, the probes the charts read, messages from
 * the worker): e2e/hostile_links.spec.ts replayed 17,572 steps of the parity task in 110 s on a
 * busy 2-core machine, about 6 ms a step, where the two terms above give 0.5 ms.
 * It is an order of magnitude, not a promise: the page says "about".
 */
import { TASKS } from '../tasks/index.ts';
import type { ExperimentConfig } from './schema.ts';

/** Multiply-adds per second of a training step, from `npm run bench` row L (see above). */
export const FLOPS_PER_SECOND = 5e10;
/** Seconds per RNN cell per step (one timestep of one layer and direction, forward and backward). */
export const SECONDS_PER_CELL = 40e-6;
/** Seconds per training step that do not depend on the model's size (see above). */
export const SECONDS_PER_STEP = 5e-3;
/** Forward + backward: the backward pass costs about twice the forward. */
const TRAIN_FACTOR = 3;
/** Above this, opening a link asks before it replays. */
export const ASK_ABOVE_SECONDS = 60;

/** Floating-point operations of one training step of this config (multiply and add counted apart). */
export function flopsPerStep(config: ExperimentConfig): number {
  const { hiddenSize: h, numLayers, bidirectional } = config.model;
  const dirs = bidirectional ? 2 : 1;
  const built = TASKS[config.task].build({ knobs: config.knobs, ...(config.text === undefined ? {} : { text: config.text }) });
  // A task that cannot be built does not train at all; one input and output is a lower bound.
  const inputSize = built.ok ? built.data.inputSize : 1;
  const outputSize = built.ok ? built.data.outputSize : 1;
  let perTimestep = 0;
  for (let layer = 0; layer < numLayers; layer++) {
    const layerInput = layer === 0 ? inputSize : h * dirs;
    // W_ih x_t + W_hh h_{t-1}: 2·H·(I + H) per direction.
    perTimestep += dirs * 2 * h * (layerInput + h);
  }
  perTimestep += 2 * h * dirs * outputSize;
  return TRAIN_FACTOR * config.batchSize * config.seqLen * perTimestep;
}

/**
 * Seconds that replaying `steps` training steps of `config` takes, roughly.
 *
 * @example
 * estimateReplaySeconds(defaultConfig('sine'), 100); // well under a second
 * // hidden 256, 4 layers, bidirectional, batch 256, seq 500: about 24 s a step, so 20,000 steps take days
 */
export function estimateReplaySeconds(config: ExperimentConfig, steps: number): number {
  const cells = config.seqLen * config.model.numLayers * (config.model.bidirectional ? 2 : 1);
  const perStep = SECONDS_PER_STEP + flopsPerStep(config) / FLOPS_PER_SECOND + cells * SECONDS_PER_CELL;
  return Math.max(0, steps) * perStep;
}

const UNITS: readonly (readonly [number, string])[] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

/** "about 40 seconds", "about 3 minutes", "about 5 hours", "about 12 days". */
export function durationText(seconds: number): string {
  const [size, name] = UNITS.find(([s]) => seconds >= s) ?? [1, 'second'];
  const n = Math.max(1, Math.round(seconds / size));
  return `about ${n.toLocaleString('en-US')} ${name}${n === 1 ? '' : 's'}`;
}

/**
 * What every task's definition is built from: its training defaults (the settings most tasks
 * share, plus what this one needs) and its instance (sizes, decoders and a batch sampler whose
 * arguments are checked once here, not in each task).
 */
import { checkSampleArgs } from './knobs.ts';
import type { Rng } from './rng.ts';
import type { Batch, TaskInstance, TrainingDefaults } from './task.ts';

/** The settings a task trains with unless it says otherwise: one tanh layer, one direction, Adam. */
const SHARED_DEFAULTS = { numLayers: 1, nonlinearity: 'tanh', bidirectional: false, optimizer: 'adam', lr: 0.01, batchSize: 32 } as const;

/**
 * A task's training defaults: its own hidden size and step count over the shared settings.
 *
 * @example
 * trainingDefaults({ hiddenSize: 64, steps: 600, lr: 0.005, clipGradNorm: 1 }); // lr and clipping differ, the rest is shared
 */
export function trainingDefaults(own: Partial<TrainingDefaults> & Pick<TrainingDefaults, 'hiddenSize' | 'steps'>): TrainingDefaults {
  return { ...SHARED_DEFAULTS, ...own };
}

/** A task instance's parts, with `draw` in place of `drawBatch`: it gets arguments already checked. */
export type InstanceParts = Omit<TaskInstance, 'drawBatch'> & { draw(n: number, seqLen: number, rng: Rng): Batch };

/**
 * The task instance of `parts`: its `drawBatch` checks the batch size and sequence length against
 * `seqLenRange` (a RangeError naming the allowed range) before `draw` runs.
 */
export function taskInstance({ draw, ...parts }: InstanceParts): TaskInstance {
  return {
    ...parts,
    drawBatch(n: number, seqLen: number, rng: Rng): Batch {
      checkSampleArgs(n, seqLen, parts.seqLenRange);
      return draw(n, seqLen, rng);
    },
  };
}

/**
 * The adding problem (Hochreiter & Schmidhuber, 1997): sum the two marked numbers in a long
 * sequence, answered once at the end. The classic test of long-range memory.
 */
import { seqLenSpec } from './knobs.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/** Short sequences first: at the default length a small tanh RNN beats the 0.167 baseline quickly. */
export const ADDING_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 32, lr: 0.005, batchSize: 64, steps: 500, clipGradNorm: 1 });

const SEQ_LEN = seqLenSpec(
  2,
  200,
  10,
  'Steps per sequence. One marker falls in the first half and one in the second, so longer sequences put the answer further from the clues.',
);

export const adding: TaskDefinition = {
  id: 'adding',
  title: 'Adding problem: sum the two marked numbers',
  description:
    'Each step shows a random number between 0 and 1 and a marker; exactly two steps are marked. ' +
    'After the last step the network must output the sum of the two marked numbers. ' +
    'Always guessing 1 scores an error of about 0.167, so beating that means it really remembered the marked values across the sequence.',
  loss: 'mse',
  metric: 'mse',
  target: 'last_step',
  seqLen: SEQ_LEN,
  knobs: [],
  training: ADDING_TRAINING_DEFAULTS,
  build() {
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: 2,
        outputSize: 1,
        seqLenRange,
        input: { kind: 'values', channels: ['value', 'marker'] },
        output: { kind: 'values', channels: ['sum'] },
        draw(n, seqLen, rng) {
          const input = new Float32Array(n * seqLen * 2);
          const target = new Float32Array(n);
          const half = Math.floor(seqLen / 2);
          for (let i = 0; i < n; i++) {
            for (let t = 0; t < seqLen; t++) input[(i * seqLen + t) * 2] = rng.next();
            const first = rng.int(half);
            const second = half + rng.int(seqLen - half);
            input[(i * seqLen + first) * 2 + 1] = 1;
            input[(i * seqLen + second) * 2 + 1] = 1;
            target[i] = (input[(i * seqLen + first) * 2] as number) + (input[(i * seqLen + second) * 2] as number);
          }
          return { input, inputShape: [n, seqLen, 2], target, targetShape: [n, 1] };
        },
      }),
    };
  },
};

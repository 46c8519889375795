/** Running parity: is the count of ones so far odd? A one-bit memory flipped by every 1. */
import { seqLenSpec } from './knobs.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/** Per-step supervision makes this a two-state machine an RNN can find in a few hundred steps. */
export const PARITY_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 16, steps: 400 });

const SEQ_LEN = seqLenSpec(1, 200, 12, 'Bits per sequence. A model trained on short ones may or may not keep working on longer ones: try it.');

export const parity: TaskDefinition = {
  id: 'parity',
  title: 'Parity: have you seen an odd number of ones?',
  description:
    'The input is a random stream of bits. At every step the target is 1 if the number of ones so far is odd, else 0 (the XOR of all bits so far). ' +
    'The network has to hold one bit of state and flip it exactly on each 1; watch a hidden unit learn to switch between two levels.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: [],
  training: PARITY_TRAINING_DEFAULTS,
  build() {
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: 1,
        outputSize: 2,
        seqLenRange,
        input: { kind: 'values', channels: ['bit'] },
        output: { kind: 'classes', labels: ['even', 'odd'] },
        draw(n, seqLen, rng) {
          const input = new Float32Array(n * seqLen);
          const target = new Float32Array(n * seqLen);
          for (let i = 0; i < input.length; i++) input[i] = rng.int(2);
          for (let i = 0; i < n; i++) {
            const row = i * seqLen;
            target.set(runningParity(input.subarray(row, row + seqLen)), row);
          }
          return { input, inputShape: [n, seqLen, 1], target, targetShape: [n, seqLen] };
        },
      }),
    };
  },
};

/** Parity of the bits so far at each step: [1, 0, 1] gives [1, 1, 0]. */
export function runningParity(bits: ArrayLike<number>): number[] {
  let odd = 0;
  return Array.from(bits, (bit) => (odd ^= bit === 1 ? 1 : 0));
}

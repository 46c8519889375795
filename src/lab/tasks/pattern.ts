/** Variable-length classification: does the sequence contain "ABA"? Answered at its last valid step. */
import type { Rng } from './rng.ts';
import { readKnobs, seqLenSpec } from './knobs.ts';
import { oneHot } from './symbols.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/** The network must latch "seen it" and hold it to the end; a modest RNN does in a few hundred steps. */
export const PATTERN_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 32, steps: 500 });

const A = 0;
const B = 1;
const SYMBOLS = 3;

const KNOBS = [
  {
    id: 'minLength',
    label: 'Shortest sequence',
    min: 3,
    max: 60,
    step: 1,
    default: 4,
    help: 'Lengths are drawn between this and the sequence length; shorter sequences are padded, and padding is skipped when packed.',
  },
] as const;

const SEQ_LEN = seqLenSpec(3, 60, 12, 'The longest sequence; batches are padded to this length.');

export const pattern: TaskDefinition = {
  id: 'pattern',
  title: 'Pattern: does it contain ABA?',
  description:
    'The input is a string of the letters A, B and C, and strings have different lengths. ' +
    'After the last letter the network answers whether "ABA" appeared anywhere (half the strings contain it). ' +
    'It must spot the pattern when it happens and remember it to the end; packing lets one batch hold strings of different lengths.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'last_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  training: PATTERN_TRAINING_DEFAULTS,
  build(settings) {
    const { minLength } = readKnobs(KNOBS, settings.knobs);
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: SYMBOLS,
        outputSize: 2,
        seqLenRange,
        input: { kind: 'classes', labels: ['A', 'B', 'C'] },
        output: { kind: 'classes', labels: ['no ABA', 'has ABA'] },
        draw(n, seqLen, rng) {
          // Exactly half the batch (rounded up) is positive, in shuffled order.
          const labels = rng.shuffle(Array.from({ length: n }, (_, i) => (i < Math.ceil(n / 2) ? 1 : 0)));
          const shortest = Math.min(minLength, seqLen);
          const seq = new Int32Array(n * seqLen).fill(-1);
          const lengths: number[] = [];
          labels.forEach((label, i) => {
            const length = shortest + rng.int(seqLen - shortest + 1);
            const row = seq.subarray(i * seqLen, i * seqLen + length);
            if (label === 1) fillWithPattern(row, rng);
            else fillWithoutPattern(row, rng);
            lengths.push(length);
          });
          return {
            input: oneHot(seq, SYMBOLS),
            inputShape: [n, seqLen, SYMBOLS],
            target: Float32Array.from(labels),
            targetShape: [n],
            lengths,
          };
        },
      }),
    };
  },
};

/** Random letters with "ABA" planted at a random place (it may then occur more than once). */
function fillWithPattern(row: Int32Array, rng: Rng): void {
  for (let t = 0; t < row.length; t++) row[t] = rng.int(SYMBOLS);
  const at = rng.int(row.length - 2);
  row.set([A, B, A], at);
}

/** Random letters that never complete "ABA": after "AB" the next letter is B or C. */
function fillWithoutPattern(row: Int32Array, rng: Rng): void {
  for (let t = 0; t < row.length; t++) {
    const afterAB = t >= 2 && row[t - 2] === A && row[t - 1] === B;
    row[t] = afterAB ? B + rng.int(2) : rng.int(SYMBOLS);
  }
}

/** Whether symbols (0 = A, 1 = B, 2 = C) contain A, B, A in a row; for tests and the UI's answer key. */
export function containsABA(symbols: ArrayLike<number>): boolean {
  for (let t = 2; t < symbols.length; t++) {
    if (symbols[t - 2] === A && symbols[t - 1] === B && symbols[t] === A) return true;
  }
  return false;
}

/** Sequence reversal: output at step t the symbol from step T-1-t. Where bidirectional RNNs shine. */
import { readKnobs, seqLenSpec } from './knobs.ts';
import { symbolBatch, symbolLabels } from './symbols.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/**
 * Bidirectional on purpose: a one-way RNN cannot know future symbols, so the first half of
 * the output is guesswork for it. Switch it off to see accuracy stall near half-way.
 */
export const REVERSE_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 32, bidirectional: true, steps: 500 });

const KNOBS = [
  {
    id: 'symbols',
    label: 'Alphabet size',
    min: 2,
    max: 8,
    step: 1,
    default: 3,
    help: 'How many different symbols can appear.',
  },
] as const;

const SEQ_LEN = seqLenSpec(1, 50, 6, 'Symbols per sequence; the middle is easy, the ends must be carried across the whole sequence.');

export const reverse: TaskDefinition = {
  id: 'reverse',
  title: 'Reverse: read the sequence backwards',
  description:
    'The input is a short string of random symbols; at step t the network must output the symbol at the mirrored position, so the first output is the last input. ' +
    'A one-way RNN cannot see the future, so it fails on the first half; a bidirectional RNN reads from both ends and can solve it.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  training: REVERSE_TRAINING_DEFAULTS,
  build(settings) {
    const { symbols } = readKnobs(KNOBS, settings.knobs);
    const labels = symbolLabels(symbols);
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: symbols,
        outputSize: symbols,
        seqLenRange,
        input: { kind: 'classes', labels },
        output: { kind: 'classes', labels },
        draw(n, seqLen, rng) {
          // slice, not subarray: reverse() works in place and must not touch the input.
          return symbolBatch(rng, n, seqLen, symbols, (sequence) => sequence.slice().reverse());
        },
      }),
    };
  },
};

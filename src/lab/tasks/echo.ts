/** Delayed copy: repeat the symbol seen k steps ago. The memory-length dial for vanishing gradients. */
import { readKnobs, seqLenSpec } from './knobs.ts';
import { symbolBatch, symbolLabels } from './symbols.ts';
import { IGNORE_INDEX, type TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/** Learns k = 3 quickly; push k up with the same settings to watch it stall. */
export const ECHO_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 32, steps: 400 });

const KNOBS = [
  {
    id: 'delay',
    label: 'Delay k (steps to remember)',
    min: 1,
    // The vanishing-gradients preset asks for 40; sequences stay longer than the delay (up to 200).
    max: 100,
    step: 1,
    default: 3,
    help: 'How many steps back the answer lies. The error signal must travel k steps back in time, and it fades on the way.',
  },
  {
    id: 'symbols',
    label: 'Alphabet size',
    min: 2,
    max: 8,
    step: 1,
    default: 4,
    help: 'How many different symbols can appear; more symbols means more to remember per step.',
  },
] as const;

const SEQ_LEN = seqLenSpec(2, 200, 20, 'Steps per sequence; it must be longer than the delay.');

export const echo: TaskDefinition = {
  id: 'echo',
  title: 'Echo: repeat what you saw k steps ago',
  description:
    'The input is a stream of random symbols. At each step the network must output the symbol it saw k steps earlier (the first k steps are not scored). ' +
    'Raise k to watch a plain RNN forget: the gradient that would teach it to remember shrinks with every step it travels back.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  training: ECHO_TRAINING_DEFAULTS,
  build(settings) {
    const { delay, symbols } = readKnobs(KNOBS, settings.knobs);
    const labels = symbolLabels(symbols);
    const seqLenRange = { min: Math.max(SEQ_LEN.min, delay + 1), max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: symbols,
        outputSize: symbols,
        seqLenRange,
        input: { kind: 'classes', labels },
        output: { kind: 'classes', labels },
        draw(n, seqLen, rng) {
          return symbolBatch(rng, n, seqLen, symbols, (sequence) => echoTargets(sequence, delay));
        },
      }),
    };
  },
};

/** The symbol from `delay` steps back, or {@link IGNORE_INDEX} while there is none yet. */
export function echoTargets(symbols: ArrayLike<number>, delay: number): number[] {
  return Array.from(symbols, (_, t) => (t < delay ? IGNORE_INDEX : (symbols[t - delay] as number)));
}

/** Bracket depth: count open '(' minus closed ')' at every step. Counting, the thing relu RNNs do well. */
import { readKnobs, seqLenSpec } from './knobs.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/**
 * Relu on purpose: `h = relu(h + open - close)` is an exact counter, while tanh saturates and
 * blurs large depths. Regression keeps the count visible as a number.
 */
export const BRACKETS_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 16, nonlinearity: 'relu', lr: 0.005, steps: 400, clipGradNorm: 1 });

const KNOBS = [
  {
    id: 'maxDepth',
    label: 'Deepest nesting',
    min: 1,
    max: 12,
    step: 1,
    default: 4,
    help: 'Sequences never nest deeper than this, so it is the largest count the network must hold.',
  },
  {
    id: 'openProb',
    label: 'Chance of opening',
    min: 0.1,
    max: 0.9,
    step: 0.05,
    default: 0.5,
    help: 'Probability that the next bracket opens (when both are allowed); higher values push sequences deeper.',
  },
] as const;

const SEQ_LEN = seqLenSpec(1, 200, 24, 'Brackets per sequence.');

export const brackets: TaskDefinition = {
  id: 'brackets',
  title: 'Brackets: how deep are we nested?',
  description:
    "The input is a string of '(' and ')' that never closes more than it opened. " +
    'At every step the target is the current nesting depth: opens minus closes so far. ' +
    'The network must count, and one hidden unit often becomes a counter you can watch go up and down.',
  loss: 'mse',
  metric: 'mse',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  training: BRACKETS_TRAINING_DEFAULTS,
  build(settings) {
    const { maxDepth, openProb } = readKnobs(KNOBS, settings.knobs);
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: 2,
        outputSize: 1,
        seqLenRange,
        input: { kind: 'classes', labels: ['(', ')'] },
        output: { kind: 'values', channels: ['depth'] },
        draw(n, seqLen, rng) {
          const input = new Float32Array(n * seqLen * 2);
          const target = new Float32Array(n * seqLen);
          for (let i = 0; i < n; i++) {
            let depth = 0;
            for (let t = 0; t < seqLen; t++) {
              // At depth 0 only '(' is legal and at the cap only ')'; in between, a biased coin.
              const open = depth === 0 || (depth < maxDepth && rng.bernoulli(openProb));
              depth += open ? 1 : -1;
              input[(i * seqLen + t) * 2 + (open ? 0 : 1)] = 1;
              target[i * seqLen + t] = depth;
            }
          }
          return { input, inputShape: [n, seqLen, 2], target, targetShape: [n, seqLen, 1] };
        },
      }),
    };
  },
};

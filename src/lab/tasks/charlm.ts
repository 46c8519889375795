/** Character-level language model on a short text the user can edit. */
import { seqLenSpec } from './knobs.ts';
import type { TaskDefinition } from './task.ts';
import { textLmInstance } from './text_lm.ts';
import { TEXT_LIMITS, encodeUserText } from './vocab.ts';
import { trainingDefaults } from './scaffold.ts';

/** Enough capacity to memorise a few lines of rhyme; the gradient reaches back 32 characters. */
export const CHARLM_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 64, lr: 0.005, steps: 300, clipGradNorm: 5 });

/** Jane Taylor, "The Star" (1806), public domain. */
export const DEFAULT_TEXT = `Twinkle, twinkle, little star,
How I wonder what you are!
Up above the world so high,
Like a diamond in the sky.
Twinkle, twinkle, little star,
How I wonder what you are!
`;

const SEQ_LEN = seqLenSpec(
  1,
  200,
  32,
  'Characters per training window: how far back the gradient reaches. Generation can run longer than this.',
);

export const charlm: TaskDefinition = {
  id: 'charlm',
  title: 'Character language model',
  description:
    'The input is a text, one character at a time; at each step the network predicts the next character. ' +
    'After training it can write on its own by feeding each sampled character back in. ' +
    'It shows an RNN keeping context (which word, which line) in its hidden state.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: [],
  text: {
    label: 'Text to learn',
    default: DEFAULT_TEXT,
    maxLength: TEXT_LIMITS.maxLength,
    help: 'Any text with at least two different characters. Each distinct character becomes one input and one output of the network.',
  },
  training: CHARLM_TRAINING_DEFAULTS,
  build(settings) {
    const text = encodeUserText(settings.text ?? DEFAULT_TEXT);
    if (!text.ok) return text;
    return { ok: true, data: textLmInstance(text.data, { min: SEQ_LEN.min, max: SEQ_LEN.max }) };
  },
};

/** The user's own text as a character language model (the same task as `charlm`). */
import { CHARLM_TRAINING_DEFAULTS } from './charlm.ts';
import { seqLenSpec } from './knobs.ts';
import type { TaskDefinition, TrainingDefaults } from './task.ts';
import { textLmInstance } from './text_lm.ts';
import { TEXT_LIMITS, encodeUserText } from './vocab.ts';

/** Same model as charlm; user texts tend to be longer, so a little more training. */
export const CUSTOM_TEXT_TRAINING_DEFAULTS: TrainingDefaults = { ...CHARLM_TRAINING_DEFAULTS, steps: 600 };

const SEQ_LEN = seqLenSpec(1, 200, 32, 'Characters per training window: how far back the gradient reaches.');

export const customText: TaskDefinition = {
  id: 'custom_text',
  title: 'Your text: predict the next character',
  description:
    'Paste or type any text; the network reads it one character at a time and predicts the next one. ' +
    'Once trained it can write text in the same style by feeding its own guesses back in. ' +
    'Short, repetitive texts are learned fastest.',
  loss: 'cross_entropy',
  metric: 'accuracy',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: [],
  text: {
    label: 'Your text',
    default: '',
    maxLength: TEXT_LIMITS.maxLength,
    help: `Up to ${TEXT_LIMITS.maxLength} characters and ${TEXT_LIMITS.maxVocab} different ones; each distinct character is one input and one output.`,
  },
  training: CUSTOM_TEXT_TRAINING_DEFAULTS,
  build(settings) {
    const text = encodeUserText(settings.text ?? '');
    if (!text.ok) return text;
    return { ok: true, data: textLmInstance(text.data, { min: SEQ_LEN.min, max: SEQ_LEN.max }) };
  },
};

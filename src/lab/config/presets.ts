/**
 * Curated experiments, each a link: a task's default config with a few fields changed to show one
 * idea. The gallery and the Learn section point at these by id.
 */
import { defaultConfig, type ExperimentConfig } from './schema.ts';
import type { TaskId } from '../tasks/index.ts';
import { encodeLink } from './link.ts';

export interface Preset {
  id: string;
  title: string;
  /** What to look at once it runs. */
  summary: string;
  config: ExperimentConfig;
}

type Changes = {
  model?: Partial<ExperimentConfig['model']>;
  optimizer?: Partial<ExperimentConfig['optimizer']>;
} & Partial<Omit<ExperimentConfig, 'model' | 'optimizer' | 'task' | 'v'>>;

function preset(id: string, title: string, summary: string, task: TaskId, changes: Changes = {}): Preset {
  const base = defaultConfig(task);
  const { model, optimizer, ...rest } = changes;
  return {
    id,
    title,
    summary,
    config: { ...base, ...rest, model: { ...base.model, ...model }, optimizer: { ...base.optimizer, ...optimizer } },
  };
}

/** The exploding pair: a relu RNN whose W_hh starts with spectral radius 1.5 (orthogonal × 1.5). */
const EXPLODING: Changes = {
  seqLen: 60,
  model: { nonlinearity: 'relu', hiddenSize: 32, init: { scheme: 'orthogonal', gain: 1.5 } },
  optimizer: { name: 'sgd', lr: 0.01 },
  clipGradNorm: 0,
};

export const PRESETS: readonly Preset[] = [
  preset(
    'vanishing-tanh',
    'Vanishing gradients with tanh over 50 steps',
    'Echo a symbol from 40 steps back. Switch to Backward and walk the cursor from the last step to the first: dL/dh_t shrinks step after step.',
    'echo',
    { seqLen: 50, knobs: { delay: 40, symbols: 4 }, model: { hiddenSize: 16 }, optimizer: { name: 'sgd', lr: 0.1 } },
  ),
  preset(
    'exploding-relu',
    'Exploding gradients: relu with ρ(W_hh) = 1.5',
    'W_hh starts orthogonal × 1.5, so its spectral radius is 1.5. At step 0, switch to Backward: ‖dL/dh_t‖ grows at almost every step back. Without clipping the first update is enormous, the next step overflows, and the NaN guard stops training and names what broke.',
    'sine',
    EXPLODING,
  ),
  preset(
    'clipping-rescue',
    'Gradient clipping tames the same relu RNN',
    'The same ρ(W_hh) = 1.5 start with clip_grad_norm_(max_norm=1): the first gradients are just as huge, but each update is cut to norm 1, and it trains.',
    'sine',
    { ...EXPLODING, clipGradNorm: 1 },
  ),
  preset(
    'reverse-bidirectional',
    'Bidirectional beats unidirectional on reversal',
    'Reversing a sequence needs the future: the bidirectional RNN reads it from both ends. Compare with the next preset.',
    'reverse',
    { model: { bidirectional: true } },
  ),
  preset(
    'reverse-unidirectional',
    'Unidirectional on reversal (the loser)',
    'Same task, one direction only: the first half of the output must be guessed before its input arrives, so accuracy stalls.',
    'reverse',
    { model: { bidirectional: false } },
  ),
  preset(
    'charlm-rhyme',
    'Char-RNN on a nursery rhyme',
    'A character language model learns "Twinkle, twinkle, little star" one character at a time.',
    'charlm',
  ),
  preset(
    'parity-memory',
    'Parity needs memory',
    'The running parity of a bit stream: the hidden state must carry one bit across the whole sequence.',
    'parity',
    { seqLen: 12 },
  ),
  preset(
    'sine-hello',
    'Sine wave, the hello world',
    'A 16-unit tanh RNN learns to predict the next value of a noisy sine wave in a couple of hundred steps.',
    'sine',
  ),
];

/** The hash (without `#`) that opens a preset at step 0. */
export function presetLink(p: Preset): string {
  return encodeLink(p.config);
}

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Next-value prediction on noisy sine waves: the "hello world" of sequence regression. */
import { readKnobs, seqLenSpec } from './knobs.ts';
import type { TaskDefinition } from './task.ts';
import { taskInstance, trainingDefaults } from './scaffold.ts';

/** A small tanh RNN fits this in a couple of hundred Adam steps. */
export const SINE_TRAINING_DEFAULTS = trainingDefaults({ hiddenSize: 16, steps: 300 });

const KNOBS = [
  {
    id: 'freqMin',
    label: 'Lowest frequency (cycles per step)',
    min: 0.01,
    max: 0.25,
    step: 0.01,
    default: 0.03,
    help: 'Each wave gets a frequency between the lowest and highest; a wider range means the network must work out the frequency from what it has seen.',
  },
  {
    id: 'freqMax',
    label: 'Highest frequency (cycles per step)',
    min: 0.01,
    max: 0.25,
    step: 0.01,
    default: 0.1,
    help: 'Above 0.25 cycles per step a wave has fewer than four steps per period and stops looking like a wave.',
  },
  {
    id: 'noise',
    label: 'Input noise (std)',
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0.05,
    help: 'Gaussian noise added to the inputs only; the target stays clean, so the network learns to smooth.',
  },
] as const;

const SEQ_LEN = seqLenSpec(4, 200, 40, 'Steps per sequence; the first steps are hard because the frequency is not yet known.');

export const sine: TaskDefinition = {
  id: 'sine',
  title: 'Sine wave: predict the next value',
  description:
    'The input is a noisy sine wave, one value per step, each sequence with its own frequency and phase. ' +
    'At every step the network predicts the next clean value. It shows how the hidden state tracks where the wave is, a small internal oscillator.',
  loss: 'mse',
  metric: 'mse',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  training: SINE_TRAINING_DEFAULTS,
  build(settings) {
    const knobs = readKnobs(KNOBS, settings.knobs);
    // Accept the two ends in either order rather than failing on a dragged-past slider.
    const low = Math.min(knobs.freqMin, knobs.freqMax);
    const high = Math.max(knobs.freqMin, knobs.freqMax);
    const seqLenRange = { min: SEQ_LEN.min, max: SEQ_LEN.max };
    return {
      ok: true,
      data: taskInstance({
        inputSize: 1,
        outputSize: 1,
        seqLenRange,
        input: { kind: 'values', channels: ['x'] },
        output: { kind: 'values', channels: ['next x'] },
        draw(n, seqLen, rng) {
          const input = new Float32Array(n * seqLen);
          const target = new Float32Array(n * seqLen);
          for (let i = 0; i < n; i++) {
            const omega = 2 * Math.PI * rng.uniform(low, high);
            const phase = rng.uniform(0, 2 * Math.PI);
            for (let t = 0; t < seqLen; t++) {
              input[i * seqLen + t] = Math.sin(omega * t + phase) + (knobs.noise > 0 ? rng.normal(0, knobs.noise) : 0);
              target[i * seqLen + t] = Math.sin(omega * (t + 1) + phase);
            }
          }
          return { input, inputShape: [n, seqLen, 1], target, targetShape: [n, seqLen, 1] };
        },
      }),
    };
  },
};

/** The user's own numbers as a next-value prediction task. */
import type { Rng } from './rng.ts';
import { CSV_LIMITS, parseNumericCsv, type NumericTable } from './csv.ts';
import type { ChannelScale } from './decode.ts';
import { checkSampleArgs, readKnobs, seqLenSpec } from './knobs.ts';
import type { Batch, TaskDefinition, TrainingDefaults } from './task.ts';

/** Like sine: unknown data, so a mid-sized tanh RNN and a forgiving learning rate. */
export const CUSTOM_NUMBERS_TRAINING_DEFAULTS: TrainingDefaults = {
  hiddenSize: 32,
  numLayers: 1,
  nonlinearity: 'tanh',
  bidirectional: false,
  optimizer: 'adam',
  lr: 0.005,
  batchSize: 32,
  steps: 400,
  clipGradNorm: 1,
};

/** A small worked example so the task trains before anything is pasted: three zig-zags. */
export const DEFAULT_NUMBERS = [
  '0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1',
  '1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2',
  '3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2',
].join('\n');

const KNOBS = [
  {
    id: 'standardise',
    label: 'Standardise',
    min: 0,
    max: 1,
    step: 1,
    default: 1,
    help: '1: each channel is shifted to mean 0 and scaled to std 1 for training; 0: the numbers go in as they are (what a model trained elsewhere on raw values expects).',
  },
] as const;

const SEQ_LEN = seqLenSpec(1, 200, 12, 'Steps per training window, cut from your data at random places; it must be shorter than your sequences.');

export const customNumbers: TaskDefinition = {
  id: 'custom_numbers',
  title: 'Your numbers: predict the next value',
  description:
    'Paste numbers: one sequence per line, or columns under a header line for a series with several channels. ' +
    'At every step the network predicts the next value of every channel. ' +
    'The numbers are standardised for training and shown back in your units.',
  loss: 'mse',
  metric: 'mse',
  target: 'every_step',
  seqLen: SEQ_LEN,
  knobs: KNOBS,
  text: {
    label: 'Your data (CSV)',
    default: DEFAULT_NUMBERS,
    maxLength: CSV_LIMITS.maxChars,
    help: 'Commas, tabs, semicolons or spaces between values. With a header line, each column is one channel of a single series.',
  },
  training: CUSTOM_NUMBERS_TRAINING_DEFAULTS,
  build(settings) {
    const parsed = parseNumericCsv(settings.text ?? DEFAULT_NUMBERS);
    if (!parsed.ok) return parsed;
    const table = parsed.data;
    const width = table.channels.length;
    // Unit scales leave every value as it is, in the model and in the views.
    const scale = readKnobs(KNOBS, settings.knobs).standardise === 1 ? channelScales(table) : table.channels.map(() => ({ mean: 0, std: 1 }));
    const standardised = table.sequences.map((seq) => seq.map((v, k) => standardise(v, scale[k % width])));
    const seqLenRange = { min: SEQ_LEN.min, max: Math.min(SEQ_LEN.max, table.steps - 1) };
    return {
      ok: true,
      data: {
        inputSize: width,
        outputSize: width,
        seqLenRange,
        input: { kind: 'values', channels: table.channels, scale },
        output: { kind: 'values', channels: table.channels.map((c) => `next ${c}`), scale },
        drawBatch(n: number, seqLen: number, rng: Rng): Batch {
          checkSampleArgs(n, seqLen, seqLenRange);
          const row = seqLen * width;
          const input = new Float32Array(n * row);
          const target = new Float32Array(n * row);
          for (let i = 0; i < n; i++) {
            const seq = standardised[rng.int(standardised.length)] as Float32Array;
            const start = rng.int(table.steps - seqLen) * width;
            input.set(seq.subarray(start, start + row), i * row);
            target.set(seq.subarray(start + width, start + width + row), i * row);
          }
          return { input, inputShape: [n, seqLen, width], target, targetShape: [n, seqLen, width] };
        },
      },
    };
  },
};

/** Mean and std of each channel over all the data; a constant channel keeps std 1. */
function channelScales(table: NumericTable): ChannelScale[] {
  const width = table.channels.length;
  return table.channels.map((_, c) => {
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (const seq of table.sequences) {
      for (let k = c; k < seq.length; k += width) {
        const v = seq[k] as number;
        sum += v;
        sumSq += v * v;
        count++;
      }
    }
    const mean = sum / count;
    const std = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
    return { mean, std: std > 1e-12 ? std : 1 };
  });
}

function standardise(v: number, scale: ChannelScale | undefined): number {
  return scale ? (v - scale.mean) / scale.std : v;
}

/**
 * A model found in a file, as a run of the app: its constructor arguments become the config
 * (on the "Your numbers" task with as many channels as the model takes, see `model_import/fit.ts`)
 * and its weights the run's checkpoint at step 0, so every view (step through time, hidden
 * states, outputs) and further training work as for a run trained here.
 */
import { torch } from 'engine';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import { Experiment, type RunCheckpoint } from '../lab/run/experiment.ts';
import { keepsHead, whyNotOpenable } from '../lab/run/model_import/fit.ts';
import { type FoundModel } from '../lab/run/model_import/recognise.ts';
import { toPlain } from '../lab/run/plain.ts';
import { parseNumericCsv } from '../lab/tasks/csv.ts';

/** Steps of the sample series an opened model starts on, before the user pastes theirs. */
const SAMPLE_STEPS = 40;
/** The longest window the your-numbers task takes. */
const MAX_WINDOW = 200;

export type OpenedRun = { ok: true; config: ExperimentConfig; checkpoint: RunCheckpoint } | { ok: false; message: string };

/** A few slow waves, one a channel, so a model opens on something before the user pastes their data. */
export function sampleSeries(channels: number): string {
  const header = Array.from({ length: channels }, (_, c) => `x${c}`).join(',');
  const rows = Array.from({ length: SAMPLE_STEPS }, (_, t) =>
    Array.from({ length: channels }, (_, c) => Math.sin(0.3 * t + (c * Math.PI) / channels).toFixed(3)).join(','),
  );
  return [header, ...rows].join('\n');
}

/** The user's own your-numbers data when it has the model's channel count, else the sample series. */
function dataFor(m: FoundModel, current: ExperimentConfig | null): string {
  if (current?.task === 'custom_numbers' && current.text !== undefined) {
    const table = parseNumericCsv(current.text);
    if (table.ok && table.data.channels.length === m.inputSize) return current.text;
  }
  return sampleSeries(m.inputSize);
}

/** The app's config for `m`: its sizes, the chosen nonlinearity, the task's training defaults. */
export function openedConfig(m: FoundModel, nonlinearity: 'tanh' | 'relu', current: ExperimentConfig | null): ExperimentConfig {
  const base = defaultConfig('custom_numbers');
  const text = dataFor(m, current);
  const table = parseNumericCsv(text);
  const steps = table.ok ? table.data.steps : 2;
  return {
    ...base,
    knobs: { ...base.knobs, standardise: 0 },
    text,
    // The whole series in one window (start 0), so the views show the data from its first step.
    seqLen: Math.max(1, Math.min(MAX_WINDOW, steps - 1)),
    model: { ...base.model, hiddenSize: m.hiddenSize, numLayers: m.numLayers, nonlinearity, bias: m.bias, bidirectional: m.bidirectional, dropout: 0 },
    seed: current?.seed ?? base.seed,
  };
}

/**
 * The run for model `m` of a file whose tensors are `tensors`: its config and a checkpoint at
 * step 0 holding the file's weights (a fresh head where the file's cannot serve, see `keepsHead`).
 */
export async function openedRun(m: FoundModel, tensors: ReadonlyMap<string, torch.Tensor>, nonlinearity: 'tanh' | 'relu', current: ExperimentConfig | null): Promise<OpenedRun> {
  const refusal = whyNotOpenable(m);
  if (refusal !== null) return { ok: false, message: refusal };
  const config = openedConfig(m, nonlinearity, current);
  // Building a run seeds the generator: its checkpoint keeps the fresh run's stream, and the
  // current run's stream is put back (a refused model changes nothing).
  const saved = torch.default_generator.get_state();
  const created = Experiment.create(config);
  const checkpoint = created.ok ? await created.data.checkpoint() : null;
  torch.default_generator.set_state(saved);
  if (!created.ok || checkpoint === null) return { ok: false, message: `The model's data does not build: ${created.ok ? '' : created.errors.map((e) => e.message).join(' ')}` };
  const weights = { ...checkpoint.weights };
  const take = (source: string) => toPlain(tensors.get(source)!);
  for (const [name, source] of Object.entries(m.parameters)) weights[`rnn.${name}`] = take(source);
  if (keepsHead(m)) {
    const head = m.head!;
    weights['head.weight'] = take(head.prefix === '' ? 'weight' : `${head.prefix}.weight`);
    // The app's head always has a bias: a bias-free Linear is one whose bias is zero.
    weights['head.bias'] = head.bias ? take(head.prefix === '' ? 'bias' : `${head.prefix}.bias`) : toPlain(torch.zeros([head.outFeatures]));
  }
  return { ok: true, config, checkpoint: { ...checkpoint, weights } };
}

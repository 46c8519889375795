/**
 * Export to PyTorch: a run's script, weights, optimizer state and upcoming data as one zip, built
 * from the live Experiment (on any device) so the data is exactly what the run would train on,
 * with the Python data generator and trainer that carry it on from there.
 */
import { safetensors, torch } from 'engine';
import { strToU8, zipSync } from 'fflate';
import type { Experiment } from '../lab/run/experiment.ts';
import { SequenceModel } from '../lab/run/model.ts';
import { toPlain, type PlainArray } from '../lab/run/plain.ts';
import { batchToJson, nest, nestPlain, type Nested } from './nested.ts';
import { pytorchScript } from './pytorch_script.ts';
import dataGeneratorPy from './python/playground_data.py?raw';
import trainerPy from './python/trainer.py?raw';
import { readmeText } from './readme.ts';
import { pythonTaskSpec } from './task_spec.ts';

/** Training batches exported: enough to compare a curve, small enough to download at once. */
export const EXPORT_BATCHES = 20;

/** The file names in the zip, in order. */
export const BUNDLE_FILES = [
  'experiment.py', 'trainer.py', 'playground_data.py', 'experiment.json', 'weights.pt', 'weights.safetensors',
  'weights.json', 'initial_weights.json', 'optimizer.json', 'data.json', 'README.txt',
] as const;

export type BundleFile = (typeof BUNDLE_FILES)[number];

/** The weights as PyTorch users load them: `torch.load` and `safetensors.torch.load_file` give the state_dict. */
function weightFiles(weights: Record<string, PlainArray>): { pt: Uint8Array; safetensors: Uint8Array } {
  const tensors = Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, torch.tensor(w.data, { shape: w.shape })]));
  return { pt: torch.save(tensors), safetensors: safetensors.save(tensors) };
}

function byName(weights: Record<string, PlainArray>): Record<string, Nested> {
  return Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, nestPlain(w)]));
}

/** The weights this run started from: rebuilt on the CPU from its seed, the run's random stream untouched. */
function initialWeights(exp: Experiment): Record<string, PlainArray> {
  const saved = torch.default_generator.get_state();
  torch.manual_seed(exp.config.seed);
  const model = new SequenceModel(exp.instance.inputSize, exp.instance.outputSize, exp.config.model);
  torch.default_generator.set_state(saved);
  return Object.fromEntries(model.named_parameters().map(([name, p]) => [name, toPlain(p)]));
}

/** The zip's files (text or bytes), by name. */
export async function bundleFiles(exp: Experiment, batches = EXPORT_BATCHES): Promise<Record<BundleFile, string | Uint8Array>> {
  // A checkpoint, read from any device: the weights, optimizer buffers and data stream position.
  const { weights, optimizer, dataRng } = await exp.checkpoint();
  const classes = exp.task.loss === 'cross_entropy';
  const data = exp.upcomingBatches(batches);
  const state = Object.fromEntries(
    Object.entries(optimizer.state).map(([i, buffers]) => [
      i,
      Object.fromEntries(Object.entries(buffers).map(([name, v]) => [name, typeof v === 'number' ? v : nest(v.data, v.shape)])),
    ]),
  );
  const script = pytorchScript({
    config: exp.config,
    taskTitle: exp.task.title,
    inputSize: exp.instance.inputSize,
    outputSize: exp.instance.outputSize,
    loss: exp.task.loss,
    target: exp.task.target,
    variableLength: data.evalBatch.lengths !== undefined,
    step: exp.step,
    optimizerState: Object.keys(state).length > 0,
  });
  const binary = weightFiles(weights);
  // The data stream where the export leaves it: the Python generator continues from here.
  const meta = { config: exp.config, step: exp.step, data_rng: dataRng, task: pythonTaskSpec(exp.config, exp.instance) };
  return {
    'experiment.py': script,
    'trainer.py': trainerPy,
    'playground_data.py': dataGeneratorPy,
    'experiment.json': JSON.stringify(meta),
    'weights.pt': binary.pt,
    'weights.safetensors': binary.safetensors,
    'weights.json': JSON.stringify(byName(weights)),
    'initial_weights.json': JSON.stringify(byName(initialWeights(exp))),
    'optimizer.json': JSON.stringify(state),
    'data.json': JSON.stringify({ eval: batchToJson(data.evalBatch, classes), train: data.train.map((b) => batchToJson(b, classes)) }),
    'README.txt': readmeText(exp.task.title, exp.step, batches, exp.config.model.dropout > 0 && exp.config.model.numLayers > 1),
  };
}

/** The bundle as zip bytes, ready to download. */
export async function pytorchBundle(exp: Experiment, batches = EXPORT_BATCHES): Promise<Uint8Array> {
  const files = await bundleFiles(exp, batches);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, v]) => [name, typeof v === 'string' ? strToU8(v) : v])), { level: 6 });
}

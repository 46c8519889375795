/**
 * "And back": a checkpoint that the exported script wrote (trainer.py's `save_checkpoint`) read
 * into a run the app can show: its config, step, weights, optimizer state and both random
 * streams. The file is untrusted: it is read with the engine's restricted `torch.load` (tensors
 * and plain containers only), every field is checked against the config it names, and every
 * problem comes back as a message, never a throw.
 */
import { torch } from 'engine';
import { ExperimentConfigSchema, type ExperimentConfig } from '../lab/config/schema.ts';
import { Experiment, type RunCheckpoint } from '../lab/run/experiment.ts';
import type { PlainOptimizerState } from '../lab/run/optimizer.ts';
import { toPlain, type PlainArray } from '../lab/run/plain.ts';
import { MAX_CHECKPOINT_BYTES } from '../lab/config/file_limits.ts';

export const CHECKPOINT_FORMAT = 'rnn-playground-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** Larger files are refused before parsing: a playground model's checkpoint is a few megabytes at most. */

export type CheckpointRead = { ok: true; config: ExperimentConfig; checkpoint: RunCheckpoint } | { ok: false; message: string };

class Refusal extends Error {}
const refuse = (message: string): never => {
  throw new Refusal(message);
};

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof torch.Tensor);

/** A dict's entries whatever form torch.load gave it (an object for string keys, a Map for int keys). */
function entries(v: unknown, what: string): [unknown, unknown][] {
  if (v instanceof Map) return [...v.entries()];
  if (isDict(v)) return Object.entries(v);
  return refuse(`${what} is not a dict`);
}

function count(v: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) refuse(`${what} is ${String(v)}, not an integer in [0, ${max}]`);
  return v as number;
}

function weightsOf(model: unknown, exp: Experiment): Record<string, PlainArray> {
  const expected = new Map(exp.model.named_parameters().map(([name, p]) => [name, p.shape]));
  const weights: Record<string, PlainArray> = {};
  for (const [name, t] of entries(model, 'model')) {
    if (typeof name !== 'string' || !expected.has(name)) refuse(`model has a tensor ${String(name)} that this config's model does not (${[...expected.keys()].join(', ')})`);
    if (!(t instanceof torch.Tensor)) return refuse(`model.${String(name)} is not a tensor`);
    const shape = expected.get(name as string)!;
    if (t.shape.join() !== shape.join()) refuse(`model.${String(name)} has shape [${t.shape.join(', ')}]; this config's model needs [${shape.join(', ')}]`);
    weights[name as string] = toPlain(t);
  }
  const missing = [...expected.keys()].filter((n) => !(n in weights));
  if (missing.length > 0) refuse(`model lacks ${missing.join(', ')}`);
  return weights;
}

/**
 * PyTorch's optimizer.state_dict() as the app's plain state: buffers by parameter index, each the
 * shape of its parameter; PyTorch's tensor `step` becomes the app's count. The hyperparameters
 * are the config's (the file's param_groups say the same: the script built them from it).
 */
function optimizerOf(saved: unknown, exp: Experiment): PlainOptimizerState {
  if (!isDict(saved)) return refuse('optimizer is not a state_dict');
  const params = exp.model.parameters();
  const state: PlainOptimizerState['state'] = {};
  for (const [key, buffers] of entries(saved.state, 'optimizer.state')) {
    const index = count(key, 'an optimizer.state key', params.length - 1);
    state[index] = {};
    for (const [name, v] of entries(buffers, `optimizer.state[${index}]`)) {
      if (typeof name !== 'string') return refuse(`optimizer.state[${index}] has a key ${String(name)}`);
      if (name === 'step') {
        const step = v instanceof torch.Tensor && v.numel() === 1 ? v.item() : v;
        state[index]![name] = count(step, `optimizer.state[${index}].step`);
      } else if (v instanceof torch.Tensor && v.shape.join() === params[index]!.shape.join()) {
        state[index]![name] = toPlain(v);
      } else {
        refuse(`optimizer.state[${index}].${name} is not a tensor shaped like parameter ${index}`);
      }
    }
  }
  return { state, param_groups: exp.optimizer.state_dict().param_groups as Record<string, unknown>[] };
}

function generatorOf(v: unknown): torch.GeneratorState {
  if (!isDict(v)) return refuse('generator is not a dict');
  const mt = v.mt;
  if (!Array.isArray(mt) || mt.length !== 624) return refuse('generator.mt is not 624 state words');
  const state: torch.GeneratorState = {
    seed: count(v.seed, 'generator.seed'),
    mt: mt.map((w, i) => count(w, `generator.mt[${i}]`, 2 ** 32 - 1)),
    index: count(v.index, 'generator.index', 624),
    nextDoubleNormal: v.nextDoubleNormal === null ? null : typeof v.nextDoubleNormal === 'number' && Number.isFinite(v.nextDoubleNormal) ? v.nextDoubleNormal : refuse('generator.nextDoubleNormal is not a number or None'),
  };
  return state;
}

/**
 * Reads a checkpoint file's bytes into a config and a restorable run state.
 *
 * @example
 * const r = readScriptCheckpoint(bytes);
 * if (r.ok) { const exp = Experiment.create(r.config); exp.data.restore(r.checkpoint); } // at r.checkpoint.step
 */
export function readScriptCheckpoint(bytes: Uint8Array): CheckpointRead {
  if (bytes.byteLength > MAX_CHECKPOINT_BYTES) {
    return { ok: false, message: `The file has ${bytes.byteLength} bytes; a checkpoint of this app is at most ${MAX_CHECKPOINT_BYTES} bytes.` };
  }
  try {
    let value: unknown;
    try {
      value = torch.load(bytes);
    } catch (error) {
      return { ok: false, message: `The file is not a PyTorch checkpoint the app can read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!isDict(value) || value.format !== CHECKPOINT_FORMAT) {
      return { ok: false, message: 'This .pt file was not written by an exported experiment.py: open the checkpoint.pt (or checkpoint_step*.pt) it saves in run/.' };
    }
    if (value.version !== CHECKPOINT_VERSION) refuse(`it is checkpoint version ${String(value.version)}; this app reads version ${CHECKPOINT_VERSION}`);
    const parsed = ExperimentConfigSchema.safeParse(value.config);
    if (!parsed.success) refuse(`its config is not valid here (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
    const config = parsed.data!;
    // Building a run seeds the torch generator: keep the current run's stream untouched.
    const saved = torch.default_generator.get_state();
    const created = Experiment.create(config);
    torch.default_generator.set_state(saved);
    if (!created.ok) return refuse(`its config does not build: ${created.errors.map((e) => e.message).join(' ')}`);
    const exp = created.data;
    const checkpoint: RunCheckpoint = {
      step: count(value.step, 'step'),
      weights: weightsOf(value.model, exp),
      optimizer: optimizerOf(value.optimizer, exp),
      generator: generatorOf(value.generator),
      dataRng: count(value.data_rng, 'data_rng', 2 ** 32 - 1),
    };
    return { ok: true, config, checkpoint };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: `The checkpoint cannot be opened: ${error.message}.` };
    throw error;
  }
}

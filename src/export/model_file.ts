/**
 * Reading a model file someone trained anywhere: a `.pt`/`.pth` that `torch.save` wrote (a bare
 * state_dict or any nesting of one, such as `{"model": ..., "optimizer": ..., "epoch": 12}`) or a
 * `.safetensors` file, through the engine's restricted loaders (tensors and plain containers
 * only; nothing in a file is ever run). Every tensor is kept by its dotted path, and the models
 * its names and shapes describe are found (`recogniseModels`). Problems come back as a message.
 */
import { safetensors, torch } from 'engine';
import { MAX_MODEL_FILE_BYTES, modelFileTooLarge } from '../lab/config/file_limits.ts';
import { recogniseModels, type FoundModel, type MisfitGroup } from '../lab/run/model_import/recognise.ts';
import { CHECKPOINT_FORMAT } from './checkpoint_import.ts';

/** Tensors named in a refusal, at most: a file may hold thousands. */
const NAMES_SHOWN = 6;
/** Conversion notes shown, at most. */
const NOTES_SHOWN = 4;

export type ModelFileRead =
  | {
      ok: true;
      format: torch.serialization.FileFormat;
      /** A checkpoint the exported experiment.py wrote: opened by `readScriptCheckpoint` instead. */
      appCheckpoint: boolean;
      tensors: ReadonlyMap<string, torch.Tensor>;
      models: FoundModel[];
      misfits: MisfitGroup[];
      /** Where converting to float32 changed values (float64, int64 beyond 2^24, ...), in sentences. */
      notes: string[];
    }
  | { ok: false; message: string };

/**
 * Reads `bytes` (a file named `fileName`) into its tensors and the models they describe.
 *
 * @example
 * const r = readModelFile(bytes, 'checkpoint.pt');
 * if (r.ok) r.models.map(summarise); // ['nn.RNN(3, 8, num_layers=2) at model.encoder.rnn, Linear(8 → 3) at model.readout']
 */
export function readModelFile(bytes: Uint8Array, fileName: string): ModelFileRead {
  if (bytes.byteLength > MAX_MODEL_FILE_BYTES) {
    return { ok: false, message: modelFileTooLarge(fileName, bytes.byteLength) };
  }
  const format = torch.serialization.sniff(bytes);
  let entries: { name: string; tensor: torch.Tensor }[];
  let root: unknown = null;
  let warnings: { name: string; message: string }[];
  try {
    if (format === 'safetensors') {
      const read = safetensors.read(bytes);
      entries = read.tensors;
      warnings = read.warnings;
    } else {
      const read = torch.serialization.read(bytes);
      entries = read.tensors;
      warnings = read.warnings;
      root = read.value;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${fileName} is not a model file the app can read. ${reason.replace(/\.?$/, '.')}` };
  }
  if (isAppCheckpoint(root)) {
    return { ok: true, format: format ?? 'torch-zip', appCheckpoint: true, tensors: new Map(), models: [], misfits: [], notes: [] };
  }
  const tensors = new Map(entries.map((e) => [e.name, e.tensor]));
  const { models, misfits } = recogniseModels(entries.map((e) => ({ name: e.name, shape: e.tensor.shape })));
  if (models.length === 0) return { ok: false, message: noModelMessage(fileName, entries.map((e) => e.name), misfits) };
  const notes = warnings.slice(0, NOTES_SHOWN).map((w) => `${w.name}: ${w.message}`);
  if (warnings.length > NOTES_SHOWN) notes.push(`… and ${warnings.length - NOTES_SHOWN} more tensors converted to float32 the same way.`);
  return { ok: true, format: format ?? 'torch-zip', appCheckpoint: false, tensors, models, misfits, notes };
}

function isAppCheckpoint(root: unknown): boolean {
  return typeof root === 'object' && root !== null && !(root instanceof Map) && (root as Record<string, unknown>).format === CHECKPOINT_FORMAT;
}

function noModelMessage(fileName: string, names: readonly string[], misfits: readonly MisfitGroup[]): string {
  if (misfits.length > 0) {
    return `${fileName} has recurrent weights whose shapes do not fit together: ${misfits.map((m) => m.message).join('; ')}.`;
  }
  if (names.length === 0) return `${fileName} holds no tensors, so no RNN weights were found.`;
  const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? `, … (${names.length} tensors)` : '');
  return (
    `No RNN weights found in ${fileName}: its tensors are ${shown}, none named like an nn.RNN state_dict ` +
    '(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ... under any prefix). Save model.state_dict() of a model holding an nn.RNN.'
  );
}

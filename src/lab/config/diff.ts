/**
 * Says in words what changed between two configs, in PyTorch's argument names (from the field
 * table), for the notice shown when a change restarts training ("Model changed: hidden_size 16 -> 32").
 */
import { FIELD_LIST, readPath } from './fields.ts';
import type { ExperimentConfig } from './schema.ts';

const MODEL_PREFIX = 'model.';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "Model changed: hidden_size 16 -> 32; training restarted", or null when nothing differs. */
export function describeChange(before: ExperimentConfig, after: ExperimentConfig): string | null {
  const parts: string[] = [];
  let modelChanged = false;
  if (before.task !== after.task) parts.push(`task ${before.task} -> ${after.task}`);
  for (const [, field] of FIELD_LIST) {
    const a = readPath(before, field.path);
    const b = readPath(after, field.path);
    if (a === b) continue;
    if (field.path.startsWith(MODEL_PREFIX)) modelChanged = true;
    parts.push(`${field.arg} ${show(a)} -> ${show(b)}`);
  }
  if (before.task === after.task) {
    for (const [id, value] of Object.entries(after.knobs)) {
      if (before.knobs[id] !== value) parts.push(`${id} ${show(before.knobs[id])} -> ${show(value)}`);
    }
    if (before.text !== after.text) parts.push('text edited');
  }
  if (parts.length === 0) return null;
  return `${modelChanged ? 'Model' : 'Experiment'} changed: ${parts.join(', ')}; training restarted`;
}

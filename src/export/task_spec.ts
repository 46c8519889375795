/**
 * What `playground_data.py` needs to draw a task's batches in Python: the task id, its effective
 * knob values (after the task's own clamping), and for the user-data tasks the data as the app
 * holds it after validation (a text's class ids and vocabulary; numbers already standardised),
 * so Python never re-parses what the user typed.
 */
import type { ExperimentConfig } from '../lab/config/schema.ts';
import { parseNumericCsv } from '../lab/tasks/csv.ts';
import { TASKS, readKnobs, type TaskInstance } from '../lab/tasks/index.ts';
import { encodeUserText } from '../lab/tasks/vocab.ts';

export interface PythonTaskSpec {
  task: string;
  knobs: Record<string, number>;
  text?: { ids: number[]; vocab: string[] };
  numbers?: { sequences: number[][]; steps: number; width: number };
}

export function pythonTaskSpec(config: ExperimentConfig, instance: TaskInstance): PythonTaskSpec {
  const def = TASKS[config.task];
  const spec: PythonTaskSpec = { task: config.task, knobs: { ...readKnobs(def.knobs, config.knobs) } };
  const raw = config.text ?? def.text?.default ?? '';
  if (instance.vocab !== undefined) {
    const encoded = encodeUserText(raw);
    if (encoded.ok) spec.text = { ids: [...encoded.data.ids], vocab: [...instance.vocab.chars] };
  }
  if (config.task === 'custom_numbers' && instance.input.kind === 'values') {
    const table = parseNumericCsv(raw);
    const scale = instance.input.scale ?? [];
    if (table.ok) {
      const width = table.data.channels.length;
      spec.numbers = {
        // Standardised as the task does it (into a Float32Array): the same float32 values.
        sequences: table.data.sequences.map((seq) =>
          Array.from(seq, (v, k) => {
            const s = scale[k % width];
            return s === undefined ? v : Math.fround((v - s.mean) / s.std);
          }),
        ),
        steps: table.data.steps,
        width,
      };
    }
  }
  return spec;
}

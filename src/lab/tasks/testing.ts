/** Helpers for the task tests: build without ceremony, and read one-hot batches back as symbols. */
import type { Batch, TaskDefinition, TaskInstance, TaskSettings } from './task.ts';

/** Builds a task, failing the test with the task's own messages if the settings are rejected. */
export function buildOrThrow(def: TaskDefinition, settings: Partial<TaskSettings> = {}): TaskInstance {
  const built = def.build({ knobs: {}, ...settings });
  if (!built.ok) throw new Error(built.errors.map((e) => e.message).join('\n'));
  return built.data;
}

/** The symbol at each step of sequence `i` of a one-hot batch; -1 for an all-zero (padding) step. */
export function symbolsOf(batch: Batch, i: number): number[] {
  const [, seqLen, size] = batch.inputShape;
  return Array.from({ length: seqLen }, (_, t) => {
    const start = (i * seqLen + t) * size;
    const step = batch.input.subarray(start, start + size);
    return step.indexOf(1);
  });
}

/** Row `i` of a flat `[N, T]` target as plain numbers. */
export function targetRow(batch: Batch, i: number): number[] {
  const seqLen = batch.targetShape[1] ?? 1;
  return Array.from(batch.target.subarray(i * seqLen, (i + 1) * seqLen));
}

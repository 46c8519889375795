/**
 * The task registry: every toy task by id, in the order the UI lists them. A plain record built
 * from explicit imports, so what exists is visible here and nothing registers itself.
 *
 * To add a task: one file exporting a `TaskDefinition` (see `task.ts`; `parity.ts` is the
 * shortest example) with its `*_TRAINING_DEFAULTS`, a test beside it, and one line below.
 */
import { adding } from './adding.ts';
import { brackets } from './brackets.ts';
import { charlm } from './charlm.ts';
import { customNumbers } from './custom_numbers.ts';
import { customText } from './custom_text.ts';
import { echo } from './echo.ts';
import { parity } from './parity.ts';
import { pattern } from './pattern.ts';
import { reverse } from './reverse.ts';
import { sine } from './sine.ts';
import type { TaskDefinition } from './task.ts';

export const TASKS = {
  sine,
  echo,
  adding,
  parity,
  charlm,
  reverse,
  brackets,
  pattern,
  custom_numbers: customNumbers,
  custom_text: customText,
} as const satisfies Record<string, TaskDefinition>;

/** A registered task id. */
export type TaskId = keyof typeof TASKS;

/** Task ids in display order (a tuple, e.g. for `z.enum(TASK_IDS)`). */
export const TASK_IDS = Object.keys(TASKS) as [TaskId, ...TaskId[]];

/** Whether a string (from a URL, a file) names a registered task. */
export function isTaskId(id: string): id is TaskId {
  return Object.hasOwn(TASKS, id);
}

export type { Batch, TaskDefinition, TaskInstance, TaskIssue, TaskResult, TaskSettings, TrainingDefaults } from './task.ts';
export { IGNORE_INDEX } from './task.ts';
export type { KnobSpec } from './knobs.ts';
export { defaultKnobs, readKnobs } from './knobs.ts';
export type { Decoder } from './decode.ts';
export { argmax, classLabel, formatStep, unscale } from './decode.ts';
export { DEFAULT_TEMPERATURE, sampleWithTemperature } from './sampling.ts';
export { decodeIds, encodePrompt, type CharVocab } from './vocab.ts';

/**
 * Changes made to a run along the way: "at step 40, lr became 0.001". Only `live` fields of the
 * table (`fields.ts`) can change, since they leave the model's shape alone. A link records the
 * schedule and a replay applies each change before the step after it, so the run replays bit for
 * bit; after a NaN the user continues from the last good step this way, and live hyperparameters
 * use the same record.
 */
import { checkField, CONFIG_FIELDS, LIVE_FIELDS, readPath, writePath, type FieldName } from './fields.ts';
import { IssueList, shorten } from './issues.ts';
import type { ExperimentConfig } from './schema.ts';

/** The live fields' values, by field name. */
export interface LiveSettings {
  lr?: number;
  momentum?: number;
  clipGradNorm?: number;
  nonlinearity?: 'tanh' | 'relu';
}

/** What changed once `step` steps were done (it applies to step `step + 1` onwards). */
export interface ScheduledChange {
  step: number;
  set: LiveSettings;
}

/** A link holds at most this many changes, so its replay stays bounded. */
export const MAX_CHANGES = 100;
/**
 * Replaying more steps than this on load would keep a visitor waiting too long: a link opens at
 * this step at most, and changes can be scheduled up to it.
 */
export const MAX_REPLAY_STEPS = 20_000;

function isLive(name: string): name is keyof LiveSettings & FieldName {
  return (LIVE_FIELDS as readonly string[]).includes(name);
}

/**
 * Validates a schedule from outside: steps are whole numbers in 1..MAX_REPLAY_STEPS, fields are
 * live fields with values checked like any other; entries are merged by step and sorted. Never throws.
 */
export function checkSchedule(value: unknown, issues: IssueList): ScheduledChange[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add('schedule', `${shorten(value)} is not a list of changes; ignored`);
    return [];
  }
  const byStep = new Map<number, LiveSettings>();
  for (const entry of value as unknown[]) {
    const step = readPath(entry, 'step');
    const set = readPath(entry, 'set');
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > MAX_REPLAY_STEPS) {
      issues.add(`at.${shorten(step)}`, `a change must be at a whole step in 1..${MAX_REPLAY_STEPS}; ignored`);
      continue;
    }
    if (typeof set !== 'object' || set === null) continue;
    for (const [name, v] of Object.entries(set)) {
      const path = `at.${step}.${Object.hasOwn(CONFIG_FIELDS, name) ? CONFIG_FIELDS[name as FieldName].key : name}`;
      if (!isLive(name)) {
        issues.add(path, `only ${LIVE_FIELDS.map((n) => CONFIG_FIELDS[n].key).join(', ')} can change during a run; ignored`);
        continue;
      }
      if (!byStep.has(step) && byStep.size >= MAX_CHANGES) {
        issues.add(path, `a link holds at most ${MAX_CHANGES} changes; ignored`);
        continue;
      }
      const checked = checkField(CONFIG_FIELDS[name], v, issues, path);
      if (!checked.ok) continue;
      const settings = byStep.get(step) ?? {};
      (settings as Record<string, unknown>)[name] = checked.value;
      byStep.set(step, settings);
    }
  }
  return [...byStep].sort((a, b) => a[0] - b[0]).map(([step, set]) => ({ step, set }));
}

/** Applies live settings to a config (a copy). */
export function applySettings(config: ExperimentConfig, set: LiveSettings): ExperimentConfig {
  const out = structuredClone(config) as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(set)) if (isLive(name)) writePath(out, CONFIG_FIELDS[name].path, value);
  return out as unknown as ExperimentConfig;
}

/** The settings in force once `step` steps are done: the start config and every change up to it. */
export function configAt(config: ExperimentConfig, step: number): ExperimentConfig {
  let out: ExperimentConfig = { ...config };
  for (const change of config.schedule ?? []) if (change.step <= step) out = applySettings(out, change.set);
  return out;
}

/** The change scheduled exactly at `step`, if any. */
export function changeAt(config: ExperimentConfig, step: number): ScheduledChange | undefined {
  return config.schedule?.find((c) => c.step === step);
}

/**
 * `config` with `set` recorded at `step`: changes after it are dropped (that future did not
 * happen), one at the same step is merged, and settings equal to what is in force are left out.
 */
export function scheduleChange(config: ExperimentConfig, step: number, set: LiveSettings): ExperimentConfig {
  const before = (config.schedule ?? []).filter((c) => c.step < step);
  const base: ExperimentConfig = { ...config, schedule: before };
  const inForce = configAt(base, step);
  const merged: LiveSettings = { ...changeAt(config, step)?.set, ...set };
  const kept: LiveSettings = {};
  for (const [name, value] of Object.entries(merged)) {
    if (isLive(name) && readPath(inForce, CONFIG_FIELDS[name].path) !== value) (kept as Record<string, unknown>)[name] = value;
  }
  if (step === 0) {
    const { schedule: _drop, ...rest } = applySettings(base, kept);
    return rest;
  }
  const schedule = Object.keys(kept).length > 0 ? [...before, { step, set: kept }] : before;
  const { schedule: _old, ...rest } = config;
  return schedule.length > 0 ? { ...rest, schedule } : rest;
}

/** The config as one start config with no changes: what is in force at `step` (for a restart). */
export function flatten(config: ExperimentConfig, step: number): ExperimentConfig {
  const { schedule: _drop, ...rest } = configAt(config, step);
  return rest;
}

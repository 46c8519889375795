import { useMemo } from 'react';
import { CONFIG_FIELDS, writePath, type FieldName } from '../lab/config/fields.ts';
import { configAt, flatten } from '../lab/config/schedule.ts';
import type { ExperimentConfig } from '../lab/config/schema.ts';
import { useApp } from '../state/useApp.ts';

/**
 * The settings the run uses now (the config with the changes made up to the current step) and
 * setters; each set starts a new run from what is shown, with the change (and a change note).
 */
export function useConfigEditor() {
  const stored = useApp((s) => s.config);
  const step = useApp((s) => s.frame?.step ?? 0);
  const setConfig = useApp((s) => s.setConfig);
  const config = useMemo(() => configAt(stored, step), [stored, step]);
  return {
    config,
    setField: (name: FieldName, value: unknown) => {
      const next = structuredClone(flatten(stored, step)) as unknown as Record<string, unknown>;
      writePath(next, CONFIG_FIELDS[name].path, value);
      setConfig(next as unknown as ExperimentConfig);
    },
    set: (changes: Partial<ExperimentConfig>) => setConfig({ ...flatten(stored, step), ...changes }),
  };
}

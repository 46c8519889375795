import { useMemo } from 'react';
import { CONFIG_FIELDS, LIVE_FIELDS, writePath, type FieldName } from '../lab/config/fields.ts';
import { configAt, flatten, type LiveSettings } from '../lab/config/schedule.ts';
import type { ExperimentConfig } from '../lab/config/schema.ts';
import { useApp } from '../state/useApp.ts';

/**
 * The settings the run uses now (the config with the changes made up to the current step) and
 * setters: a live field (lr, momentum, clipping, nonlinearity) changes from the next step of the
 * same run; any other starts a new run from what is shown, with the change (and a change note
 * with an undo).
 */
export function useConfigEditor() {
  const stored = useApp((s) => s.config);
  const step = useApp((s) => s.frame?.step ?? 0);
  const setConfig = useApp((s) => s.setConfig);
  const changeLive = useApp((s) => s.changeLive);
  const config = useMemo(() => configAt(stored, step), [stored, step]);
  return {
    config,
    setField: (name: FieldName, value: unknown) => {
      if (LIVE_FIELDS.includes(name)) {
        void changeLive({ [name]: value } as LiveSettings);
        return;
      }
      const next = structuredClone(flatten(stored, step)) as unknown as Record<string, unknown>;
      writePath(next, CONFIG_FIELDS[name].path, value);
      setConfig(next as unknown as ExperimentConfig);
    },
    set: (changes: Partial<ExperimentConfig>) => setConfig({ ...flatten(stored, step), ...changes }),
  };
}

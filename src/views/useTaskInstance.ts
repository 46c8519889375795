import { useMemo } from 'react';
import { TASKS, type TaskInstance } from '../lab/tasks/index.ts';
import { useApp } from '../state/useApp.ts';

/** The task built in the page from the config (decoders, vocab); null when the settings are invalid. */
export function useTaskInstance(): TaskInstance | null {
  const task = useApp((s) => s.config.task);
  const knobs = useApp((s) => s.config.knobs);
  const text = useApp((s) => s.config.text);
  return useMemo(() => {
    const built = TASKS[task].build({ knobs, ...(text === undefined ? {} : { text }) });
    return built.ok ? built.data : null;
  }, [task, knobs, text]);
}

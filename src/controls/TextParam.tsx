import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { TASKS } from '../lab/tasks/index.ts';
import type { TextParamSpec } from '../lab/tasks/task.ts';
import { useApp } from '../state/useApp.ts';
import { useConfigEditor } from './useConfigEditor.ts';

/** Typing pauses this long before the text is committed (each commit restarts training). */
const COMMIT_AFTER_MS = 600;

/**
 * A task's free text. What is typed is kept as is, valid or not (in the store and the link), and
 * problems show beside it right away, checked in the page by the same task code the worker runs.
 */
export function TextParam({ spec }: { spec: TextParamSpec }) {
  const { config, set } = useConfigEditor();
  const workerErrors = useApp((s) => s.taskErrors);
  const [draft, setDraft] = useState(config.text ?? spec.default);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const id = useId();
  useEffect(() => setDraft(config.text ?? spec.default), [config.text, spec.default]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const errors = useMemo(() => {
    const built = TASKS[config.task].build({ knobs: config.knobs, text: draft });
    return built.ok ? [] : built.errors;
  }, [config.task, config.knobs, draft]);
  const shown = errors.length > 0 ? errors : draft === config.text ? workerErrors : [];
  const onChange = (text: string) => {
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ text }), COMMIT_AFTER_MS);
  };
  return (
    <div className="field text-param">
      <label htmlFor={id} title={spec.help}>
        {spec.label}
      </label>
      <textarea
        id={id}
        rows={6}
        maxLength={spec.maxLength}
        value={draft}
        spellCheck={false}
        aria-invalid={shown.length > 0}
        aria-describedby={`${id}-help ${id}-errors`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-help`} className="help">
        {spec.help} ({draft.length}/{spec.maxLength})
      </p>
      <ul id={`${id}-errors`} className="errors" role="alert" data-testid="text-errors">
        {shown.map((e, i) => (
          <li key={i}>
            {e.line !== undefined && `Line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''}: `}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { TaskId } from '../lab/tasks/index.ts';
import { useApp } from '../state/useApp.ts';

/** Tasks whose target at t is the input at t+1: a reverse direction has already read it. */
const NEXT_VALUE_TASKS: readonly TaskId[] = ['sine', 'custom_numbers'];

/** Bidirectional on a next-value task: the answer leaks in from the future. Says so where it happens. */
export function LeakageWarning() {
  const leaks = useApp((s) => s.config.model.bidirectional && NEXT_VALUE_TASKS.includes(s.config.task));
  if (!leaks) return null;
  return (
    <p className="notice warn" role="note" data-testid="leak-warning">
      <strong>This model can cheat.</strong> The task asks for the next value, but a bidirectional RNN also reads the sequence backwards, so at each step
      its reverse direction has already seen that next value. A low loss here does not mean it learned to predict; turn Bidirectional off for an honest
      forecast.
    </p>
  );
}

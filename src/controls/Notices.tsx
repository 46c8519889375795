import type { ReactNode } from 'react';
import type { TaskIssue } from '../lab/tasks/index.ts';
import { useApp } from '../state/useApp.ts';

/** A stable empty list, so the selector's result does not change identity on every read. */
const NONE: readonly TaskIssue[] = [];

interface NoticeProps {
  tone: 'error' | 'warn' | 'info';
  testId: string;
  /** Without it the notice stays until its cause goes away. */
  onDismiss?: () => void;
  children: ReactNode;
}

/** One notice: errors interrupt screen readers (alert), the rest wait their turn (status). */
function Notice({ tone, testId, onDismiss, children }: NoticeProps) {
  return (
    <div className={`notice ${tone}`} role={tone === 'info' ? 'status' : 'alert'} data-testid={testId}>
      {children}
      {onDismiss && (
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** Everything the user should know about the run: a bad link, a restart, a NaN, a crash, a GPU fallback, a replay. */
export function Notices() {
  const linkIssues = useApp((s) => s.linkIssues);
  const linkOmitted = useApp((s) => s.linkOmitted);
  const changeNote = useApp((s) => s.changeNote);
  const problem = useApp((s) => s.problem);
  const workerNotice = useApp((s) => s.workerNotice);
  const replay = useApp((s) => (s.status === 'replaying' ? s.replay : null));
  const taskErrors = useApp((s) => (s.status === 'invalid' ? s.taskErrors : NONE));
  const dismissLinkIssues = useApp((s) => s.dismissLinkIssues);
  const dismissChangeNote = useApp((s) => s.dismissChangeNote);
  const dismissProblem = useApp((s) => s.dismissProblem);
  const dismissWorkerNotice = useApp((s) => s.dismissWorkerNotice);
  const deviceNotice = useApp((s) => s.deviceNotice);
  const dismissDeviceNotice = useApp((s) => s.dismissDeviceNotice);
  return (
    <div className="notices">
      {linkIssues.length > 0 && (
        <Notice tone="warn" testId="link-notice" onDismiss={dismissLinkIssues}>
          <strong>Some of this link could not be used as given; what the run uses instead:</strong>
          <ul>
            {linkIssues.map((i, k) => (
              <li key={k}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
            {linkOmitted > 0 && <li>…and {linkOmitted.toLocaleString('en-US')} more problems, not listed.</li>}
          </ul>
        </Notice>
      )}
      {problem && (
        <Notice tone="error" testId="problem" onDismiss={dismissProblem}>
          <strong>
            Training paused at step {problem.step}: a NaN or Inf appeared in {problem.where}.
          </strong>{' '}
          The run stays at step {problem.step - 1}, the last good state. {problem.suggestion}
        </Notice>
      )}
      {workerNotice && (
        <Notice tone="error" testId="worker-notice" onDismiss={dismissWorkerNotice}>
          {workerNotice}
        </Notice>
      )}
      {deviceNotice && (
        <Notice tone="warn" testId="device-notice" onDismiss={dismissDeviceNotice}>
          {deviceNotice}
        </Notice>
      )}
      {taskErrors.length > 0 && (
        <Notice tone="error" testId="task-errors">
          This task cannot start with these settings: {taskErrors.map((e) => e.message).join(' ')}
        </Notice>
      )}
      {replay && (
        <Notice tone="info" testId="replay">
          Replaying the link: step {replay.done} of {replay.total}…
        </Notice>
      )}
      {changeNote && (
        <Notice tone="info" testId="change-note" onDismiss={dismissChangeNote}>
          {changeNote}
        </Notice>
      )}
    </div>
  );
}

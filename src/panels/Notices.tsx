import type { TaskIssue } from '../lab/tasks/index.ts';
import { useApp } from '../state/useApp.ts';

/** A stable empty list, so the selector's result does not change identity on every read. */
const NONE: readonly TaskIssue[] = [];

/** Everything the user should know about the run: a bad link, a restart, a NaN, a crash, a GPU fallback, a replay. */
export function Notices() {
  const linkIssues = useApp((s) => s.linkIssues);
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
        <div className="notice warn" role="alert" data-testid="link-notice">
          <strong>Some of this link could not be used; defaults were put in their place:</strong>
          <ul>
            {linkIssues.map((i, k) => (
              <li key={k}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={dismissLinkIssues}>
            Dismiss
          </button>
        </div>
      )}
      {problem && (
        <div className="notice error" role="alert" data-testid="problem">
          <strong>
            Training paused at step {problem.step}: a NaN or Inf appeared in {problem.where}.
          </strong>{' '}
          The run stays at step {problem.step - 1}, the last good state. {problem.suggestion}
          <button type="button" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      )}
      {workerNotice && (
        <div className="notice error" role="alert" data-testid="worker-notice">
          {workerNotice}
          <button type="button" onClick={dismissWorkerNotice}>
            Dismiss
          </button>
        </div>
      )}
      {deviceNotice && (
        <div className="notice warn" role="status" data-testid="device-notice">
          {deviceNotice}
          <button type="button" onClick={dismissDeviceNotice}>
            Dismiss
          </button>
        </div>
      )}
      {taskErrors.length > 0 && (
        <div className="notice error" role="alert" data-testid="task-errors">
          This task cannot start with these settings: {taskErrors.map((e) => e.message).join(' ')}
        </div>
      )}
      {replay && (
        <div className="notice info" role="status" data-testid="replay">
          Replaying the link: step {replay.done} of {replay.total}…
        </div>
      )}
      {changeNote && (
        <div className="notice info" role="status" data-testid="change-note">
          {changeNote}
          <button type="button" onClick={dismissChangeNote}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

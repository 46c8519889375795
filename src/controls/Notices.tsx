import { formatValue } from '../format/number.ts';
import { durationText } from '../lab/config/replay_cost.ts';
import type { ReactNode } from 'react';
import type { TaskIssue } from '../lab/tasks/index.ts';
import { useApp } from '../state/useApp.ts';
import { remedies } from '../lab/config/live_text.ts';
import { configAt } from '../lab/config/schedule.ts';

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

/**
 * The way forward after a NaN: each button changes one live setting at the last good step (where
 * the run went back to) and trains on from there, the change recorded in the run's schedule.
 */
function RecoverActions({ step }: { step: number }) {
  const config = useApp((s) => s.config);
  const ready = useApp((s) => s.status === 'ready');
  const recover = useApp((s) => s.recover);
  return (
    <div className="recover" role="group" aria-label="Continue with a change">
      <span>Change one setting and continue from step {step}:</span>
      {remedies(configAt(config, step)).map((r) => (
        <button key={r.id} type="button" disabled={!ready} onClick={() => recover(r)} data-testid={`recover-${r.id}`}>
          {r.label}
        </button>
      ))}
    </div>
  );
}

/** Everything the user should know about the run: a bad link, a restart, a NaN, a crash, a GPU fallback, a replay. */
export function Notices() {
  const linkIssues = useApp((s) => s.linkIssues);
  const linkOmitted = useApp((s) => s.linkOmitted);
  const replayAsk = useApp((s) => s.replayAsk);
  const answerReplay = useApp((s) => s.answerReplay);
  const changeNote = useApp((s) => s.changeNote);
  const problem = useApp((s) => s.problem);
  const stuckPressed = useApp((s) => s.stuckPressed);
  const workerNotice = useApp((s) => s.workerNotice);
  const replay = useApp((s) => (s.status === 'replaying' ? s.replay : null));
  const taskErrors = useApp((s) => (s.status === 'invalid' ? s.taskErrors : NONE));
  const dismissLinkIssues = useApp((s) => s.dismissLinkIssues);
  const dismissChangeNote = useApp((s) => s.dismissChangeNote);
  const canUndo = useApp((s) => s.setAside !== null);
  const undoChange = useApp((s) => s.undoChange);
  const dismissProblem = useApp((s) => s.dismissProblem);
  const dismissWorkerNotice = useApp((s) => s.dismissWorkerNotice);
  const workerStopped = useApp((s) => s.status === 'stopped');
  const restartWorker = useApp((s) => s.restartWorker);
  const deviceNotice = useApp((s) => s.deviceNotice);
  const dismissDeviceNotice = useApp((s) => s.dismissDeviceNotice);
  const checkpointError = useApp((s) => s.checkpointError);
  const dismissCheckpointError = useApp((s) => s.dismissCheckpointError);
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
      {replayAsk && (
        <Notice tone="warn" testId="replay-ask">
          <p>
            <strong>
              This link was shared at step {replayAsk.step.toLocaleString('en-US')}. Replaying there takes {durationText(replayAsk.seconds)} on this
              computer
            </strong>{' '}
            (a rough estimate from the model&apos;s size). It is open at step 0 until you choose.
          </p>
          <div className="notice-actions">
            <button type="button" onClick={() => answerReplay(true)} data-testid="replay-start">
              Replay to step {replayAsk.step.toLocaleString('en-US')}
            </button>
            <button type="button" onClick={() => answerReplay(false)} data-testid="replay-stay">
              Stay at step 0
            </button>
          </div>
        </Notice>
      )}
      {problem && (
        <Notice tone="error" testId="problem" onDismiss={dismissProblem}>
          {stuckPressed && (
            <p data-testid="stuck">
              <strong>Nothing happened:</strong> the next step would give the same {formatValue(problem.value)} again (same weights, same batch). Change a
              setting below, or press Reset, to train again.
            </p>
          )}
          <strong>
            Training paused at step {problem.step}: {problem.where} became {formatValue(problem.value)} first.
          </strong>{' '}
          The run went back to step {problem.lastGoodStep}, the last state where the loss, the held-out loss, every weight and every gradient were finite.
          <RecoverActions step={problem.lastGoodStep} />
        </Notice>
      )}
      {workerNotice && (
        <Notice tone="error" testId="worker-notice" onDismiss={workerStopped ? undefined : dismissWorkerNotice}>
          {workerNotice}
          {workerStopped && (
            <button type="button" onClick={restartWorker} data-testid="restart-worker">
              Restart
            </button>
          )}
        </Notice>
      )}
      {deviceNotice && (
        <Notice tone="warn" testId="device-notice" onDismiss={dismissDeviceNotice}>
          {deviceNotice}
        </Notice>
      )}
      {checkpointError && (
        <Notice tone="error" testId="checkpoint-error" onDismiss={dismissCheckpointError}>
          {checkpointError} The run was kept as it was.
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
          {canUndo && (
            <button type="button" onClick={() => void undoChange()} data-testid="undo-change">
              Undo
            </button>
          )}
        </Notice>
      )}
    </div>
  );
}

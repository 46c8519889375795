/** The experiment being run: its config, what a link got wrong, and why the run last restarted. */
import type { ConfigIssue, ExperimentConfig } from '../lab/config/schema.ts';
import { defaultConfig } from '../lab/config/schema.ts';
import { applySettings, flatten, scheduleChange, type LiveSettings } from '../lab/config/schedule.ts';
import type { TaskIssue } from '../lab/tasks/index.ts';
import { decodeLink } from '../lab/config/link.ts';
import { describeChange } from '../lab/config/diff.ts';
import { ASK_ABOVE_SECONDS, estimateReplaySeconds } from '../lab/config/replay_cost.ts';
import type { SliceCreator } from './types.ts';

/** The run a change set aside when it started a new one: what Undo brings back. */
export interface SetAsideRun {
  config: ExperimentConfig;
  step: number;
}

export interface ConfigSlice {
  /** The start config, and the live changes made along the way in its `schedule`. */
  config: ExperimentConfig;
  /** Fields of the opened link that could not be used (shown in a notice until dismissed). */
  linkIssues: ConfigIssue[];
  /** Problems of the link past the listed ones ("and N more"). */
  linkOmitted: number;
  /**
   * A link whose replay would take long (over ASK_ABOVE_SECONDS): the page opens it at step 0
   * and asks before replaying to `step`. Null when there is nothing to ask.
   */
  replayAsk: { step: number; seconds: number } | null;
  /** Why the task could not be built from this config (e.g. a text with one character). */
  taskErrors: TaskIssue[];
  /** "Model changed: hidden_size 16 -> 32; training restarted". */
  changeNote: string | null;
  /** The run the last restarting change replaced, while its Undo is offered. */
  setAside: SetAsideRun | null;
  /**
   * Applies a new config and starts a new run, saying what changed (against the settings in
   * force now) and, when the run it replaces had progress, offering to undo.
   */
  setConfig: (next: ExperimentConfig) => void;
  /**
   * Changes live settings (lr, momentum, clipping, nonlinearity) from the next step, without a
   * new run: recorded in the schedule at the step the run takes it at. Without a run to change
   * (loading, invalid), it is a plain config change.
   */
  changeLive: (set: LiveSettings) => Promise<void>;
  /** Opens a link (hash): its config, its issues, and a replay to its step. */
  openLink: (hash: string) => void;
  /** The answer to `replayAsk`: replay to the link's step, or stay at step 0. */
  answerReplay: (replay: boolean) => void;
  dismissLinkIssues: () => void;
  dismissChangeNote: () => void;
}

export const createConfigSlice: SliceCreator<ConfigSlice> = (lab) => (set, get) => ({
  config: defaultConfig(),
  linkIssues: [],
  linkOmitted: 0,
  replayAsk: null,
  taskErrors: [],
  changeNote: null,
  setAside: null,
  setConfig: (next) => {
    const { config, frame, status } = get();
    const step = frame?.step ?? 0;
    const note = describeChange(flatten(config, step), next);
    if (note === null) return;
    const kept = status === 'ready' && step > 0 ? { config, step } : null;
    set({ config: next, changeNote: kept === null ? note : `${note} from step 0; the run at step ${step} is set aside until your next change.`, replayAsk: null });
    void get().startRun(0);
    set({ setAside: kept });
  },
  changeLive: async (changes) => {
    const { config, frame, status } = get();
    const step = frame?.step ?? 0;
    if (status !== 'ready') return get().setConfig(applySettings(flatten(config, step), changes));
    // Shown at once; the worker's answer (the step it really took it at) replaces it.
    set({ config: scheduleChange(config, step, changes), stuck: null, stuckPressed: false, problem: null });
    const applied = await lab.change(changes);
    if (applied !== null) set({ config: applied.config });
  },
  openLink: (hash) => {
    const { config, step, issues, omitted } = decodeLink(hash);
    const seconds = estimateReplaySeconds(config, step);
    const ask = seconds > ASK_ABOVE_SECONDS;
    set({ config, linkIssues: issues, linkOmitted: omitted, changeNote: null, setAside: null, replayAsk: ask ? { step, seconds } : null });
    void get().startRun(ask ? 0 : step);
  },
  answerReplay: (replay) => {
    const ask = get().replayAsk;
    if (ask === null) return;
    set({ replayAsk: null });
    if (replay) void get().startRun(ask.step);
  },
  dismissLinkIssues: () => set({ linkIssues: [], linkOmitted: 0 }),
  dismissChangeNote: () => set({ changeNote: null, setAside: null }),
});

/** The experiment being run: its config, what a link got wrong, and why the run last restarted. */
import type { ConfigIssue, ExperimentConfig } from '../lab/config/schema.ts';
import { defaultConfig } from '../lab/config/schema.ts';
import type { TaskIssue } from '../lab/tasks/index.ts';
import { decodeLink } from '../lab/config/link.ts';
import { describeChange } from '../lab/config/diff.ts';
import { ASK_ABOVE_SECONDS, estimateReplaySeconds } from '../lab/config/replay_cost.ts';
import type { SliceCreator } from './types.ts';

export interface ConfigSlice {
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
  /** Applies a new config and restarts training, saying what changed. */
  setConfig: (next: ExperimentConfig) => void;
  /** Opens a link (hash): its config, its issues, and a replay to its step. */
  openLink: (hash: string) => void;
  /** The answer to `replayAsk`: replay to the link's step, or stay at step 0. */
  answerReplay: (replay: boolean) => void;
  dismissLinkIssues: () => void;
  dismissChangeNote: () => void;
}

export const createConfigSlice: SliceCreator<ConfigSlice> = () => (set, get) => ({
  config: defaultConfig(),
  linkIssues: [],
  linkOmitted: 0,
  replayAsk: null,
  taskErrors: [],
  changeNote: null,
  setConfig: (next) => {
    const note = describeChange(get().config, next);
    if (note === null) return;
    set({ config: next, changeNote: note, replayAsk: null });
    void get().startRun(0);
  },
  openLink: (hash) => {
    const { config, step, issues, omitted } = decodeLink(hash);
    const seconds = estimateReplaySeconds(config, step);
    const ask = seconds > ASK_ABOVE_SECONDS;
    set({ config, linkIssues: issues, linkOmitted: omitted, changeNote: null, replayAsk: ask ? { step, seconds } : null });
    void get().startRun(ask ? 0 : step);
  },
  answerReplay: (replay) => {
    const ask = get().replayAsk;
    if (ask === null) return;
    set({ replayAsk: null });
    if (replay) void get().startRun(ask.step);
  },
  dismissLinkIssues: () => set({ linkIssues: [], linkOmitted: 0 }),
  dismissChangeNote: () => set({ changeNote: null }),
});

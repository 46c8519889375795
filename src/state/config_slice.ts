/** The experiment being run: its config, what a link got wrong, and why the run last restarted. */
import type { ConfigIssue, ExperimentConfig } from '../lab/config/schema.ts';
import { defaultConfig } from '../lab/config/schema.ts';
import type { TaskIssue } from '../lab/tasks/index.ts';
import { decodeLink } from '../lab/config/link.ts';
import { describeChange } from '../lab/config/diff.ts';
import type { SliceCreator } from './types.ts';

export interface ConfigSlice {
  config: ExperimentConfig;
  /** Fields of the opened link that could not be used (shown in a notice until dismissed). */
  linkIssues: ConfigIssue[];
  /** Problems of the link past the listed ones ("and N more"). */
  linkOmitted: number;
  /** Why the task could not be built from this config (e.g. a text with one character). */
  taskErrors: TaskIssue[];
  /** "Model changed: hidden_size 16 -> 32; training restarted". */
  changeNote: string | null;
  /** Applies a new config and restarts training, saying what changed. */
  setConfig: (next: ExperimentConfig) => void;
  /** Opens a link (hash): its config, its issues, and a replay to its step. */
  openLink: (hash: string) => void;
  dismissLinkIssues: () => void;
  dismissChangeNote: () => void;
}

export const createConfigSlice: SliceCreator<ConfigSlice> = () => (set, get) => ({
  config: defaultConfig(),
  linkIssues: [],
  linkOmitted: 0,
  taskErrors: [],
  changeNote: null,
  setConfig: (next) => {
    const note = describeChange(get().config, next);
    if (note === null) return;
    set({ config: next, changeNote: note });
    void get().startRun(0);
  },
  openLink: (hash) => {
    const { config, step, issues, omitted } = decodeLink(hash);
    set({ config, linkIssues: issues, linkOmitted: omitted, changeNote: null });
    void get().startRun(step);
  },
  dismissLinkIssues: () => set({ linkIssues: [], linkOmitted: 0 }),
  dismissChangeNote: () => set({ changeNote: null }),
});

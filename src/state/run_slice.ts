/** The training run as the worker reports it: status, the latest frame, speed, problems. */
import type { NumericProblem } from '../lab/run/experiment.ts';
import type { Remedy } from '../lab/config/live_text.ts';
import type { LabEvent, LoadOutcome, RunFrame } from '../lab/host/protocol.ts';
import type { SliceCreator } from './types.ts';

/** `stopped`: the worker stopped twice in a row; nothing runs until Restart (or Reset, or a new config). */
export type RunStatus = 'loading' | 'replaying' | 'ready' | 'invalid' | 'stopped';

/** Speed choices in steps per second; 0 means as fast as the CPU allows. */
export const SPEEDS = [1, 5, 20, 0] as const;

export interface RunSlice {
  status: RunStatus;
  playing: boolean;
  frame: RunFrame | null;
  /** The worker's detail version of `frame` (see LabEvent). */
  detail: number;
  stepsPerSecond: number;
  replay: { done: number; total: number } | null;
  /** The NaN/Inf that paused training, until dismissed or the run restarts. */
  problem: NumericProblem | null;
  /**
   * The NaN/Inf the run is stuck behind, until the run restarts: the next step would repeat it
   * (same weights, same batch), so Step and Play say so instead of running it again.
   */
  stuck: NumericProblem | null;
  /** Step or Play was pressed while stuck: the notice says why nothing happened. */
  stuckPressed: boolean;
  /** The worker stopped and was restarted, or is waiting for Restart. */
  workerNotice: string | null;
  speed: number;
  /** Held-out examples the step-through views can show. */
  probeCount: number;
  /** Builds the run from the current config in the worker and replays `replaySteps`. */
  startRun: (replaySteps: number) => Promise<void>;
  play: () => void;
  /** Trains exactly `steps` more steps, then stops (the worker counts them, at any speed). */
  trainSteps: (steps: number) => void;
  pause: () => void;
  togglePlay: () => void;
  stepOnce: () => Promise<void>;
  reset: () => void;
  /** Brings back the run the last restarting change set aside (its config, state and curves). */
  undoChange: () => Promise<void>;
  /** After a NaN: applies one of the notice's remedies at the last good step and trains on from there. */
  recover: (remedy: Remedy) => void;
  setSpeed: (stepsPerSecond: number) => void;
  receive: (event: LabEvent) => void;
  workerRestarting: (reason: string, step: number) => void;
  workerRestarted: (outcome: LoadOutcome) => void;
  workerFailed: (reason: string, step: number) => void;
  /** After the worker stopped twice: a fresh one rebuilds the kept run. */
  restartWorker: () => void;
  dismissProblem: () => void;
  dismissWorkerNotice: () => void;
  /** The run as a PyTorch bundle (zip bytes), or null when there is no run to export. */
  exportPytorch: () => Promise<Uint8Array | null>;
}

export const createRunSlice: SliceCreator<RunSlice> = (lab) => (set, get) => {
  let loads = 0;
  /** Why the worker last stopped, for the notice once the run is back. */
  let stopReason = '';

  const settle = (outcome: LoadOutcome, load: number) => {
    if (load !== loads || 'superseded' in outcome) return;
    if ('errors' in outcome) {
      set({ status: 'invalid', taskErrors: outcome.errors, frame: null, playing: false, replay: null });
      return;
    }
    set({ status: 'ready', taskErrors: [], replay: null, probeCount: outcome.probeCount });
  };

  return {
    status: 'loading',
    playing: false,
    frame: null,
    detail: -1,
    stepsPerSecond: 0,
    replay: null,
    problem: null,
    stuck: null,
    stuckPressed: false,
    workerNotice: null,
    speed: 0,
    probeCount: 0,
    startRun: async (replaySteps) => {
      const load = ++loads;
      set({ status: replaySteps > 0 ? 'replaying' : 'loading', playing: false, problem: null, stuck: null, stuckPressed: false, replay: replaySteps > 0 ? { done: 0, total: replaySteps } : null, cursor: 0, setAside: null });
      lab.setSpeed(get().speed);
      settle(await lab.load(get().config, replaySteps, get().devicePreference), load);
    },
    play: () => get().trainSteps(Number.POSITIVE_INFINITY),
    trainSteps: (steps) => {
      if (get().status !== 'ready') return;
      const stuck = get().stuck;
      if (stuck !== null) return set({ problem: stuck, stuckPressed: true });
      set({ playing: true, problem: null });
      lab.play(Number.isFinite(steps) ? steps : undefined);
    },
    pause: () => {
      set({ playing: false });
      lab.pause();
    },
    togglePlay: () => (get().playing ? get().pause() : get().play()),
    stepOnce: async () => {
      if (get().status !== 'ready') return;
      const stuck = get().stuck;
      if (stuck !== null) return set({ problem: stuck, stuckPressed: true });
      set({ playing: false, problem: null });
      await lab.step();
    },
    reset: () => {
      set({ changeNote: null });
      void get().startRun(0);
    },
    undoChange: async () => {
      const kept = get().setAside;
      if (kept === null) return;
      const load = ++loads;
      set({ config: kept.config, changeNote: null, setAside: null, status: 'loading', playing: false, problem: null, stuck: null, stuckPressed: false });
      const outcome = await lab.restorePrevious(get().devicePreference);
      if (load !== loads) return;
      // The worker no longer holds it (it restarted): the config and step replay the same run.
      if (outcome === null) await get().startRun(kept.step);
      else settle(outcome, load);
    },
    recover: (remedy) => {
      void get().changeLive(remedy.set);
      get().play();
    },
    setSpeed: (speed) => {
      set({ speed });
      lab.setSpeed(speed);
    },
    receive: (event) => {
      if (event.kind === 'frame') {
        const prev = get().frame;
        // Unchanged detail: keep the previous objects so views that read only them do not redraw.
        const frame =
          prev !== null && event.detail === get().detail
            ? { ...event.frame, probe: prev.probe, weights: prev.weights, gradientHistory: prev.gradientHistory, spectral: prev.spectral }
            : event.frame;
        // A frame sent before the worker saw a Pause still says "playing": the user's Pause wins.
        set({ frame, detail: event.detail, playing: event.playing && get().playing, stepsPerSecond: event.stepsPerSecond, backend: event.backend });
      }
      // After a lost GPU the switch shows what runs (CPU), so choosing WebGPU again retries the GPU.
      else if (event.kind === 'device-notice') set({ deviceNotice: event.message, ...(event.lost ? { devicePreference: 'cpu' as const } : {}) });
      else if (event.kind === 'problem') set({ problem: event.problem, stuck: event.problem, stuckPressed: false, playing: false });
      else if (event.kind === 'replay') set({ replay: { done: event.done, total: event.total } });
    },
    workerRestarting: (reason, step) => {
      stopReason = reason;
      // Whatever load was in flight died with the worker: the rebuilt run answers instead.
      loads++;
      set({ playing: false, status: 'loading', replay: null, workerNotice: `The training worker stopped (${reason}). A fresh one is restoring your run at step ${step}…` });
    },
    workerRestarted: (outcome) => {
      settle(outcome, loads);
      if ('superseded' in outcome || 'errors' in outcome) return;
      set({
        workerNotice: `The training worker stopped (${stopReason}); a fresh one took over with your configuration, and the run is back at step ${outcome.step}. Play continues from there.`,
      });
    },
    workerFailed: (reason, step) => {
      stopReason = reason;
      loads++;
      set({
        playing: false,
        status: 'stopped',
        replay: null,
        workerNotice: `The training worker stopped again (${reason}) soon after the last time, so it was not restarted on its own. Your configuration and the run at step ${step} are kept: press Restart to try again.`,
      });
    },
    restartWorker: () => {
      set({ status: 'loading', workerNotice: 'Restarting the training worker and restoring your run…' });
      lab.restart();
    },
    dismissProblem: () => set({ problem: null, stuckPressed: false }),
    dismissWorkerNotice: () => set({ workerNotice: null }),
    exportPytorch: () => (get().status === 'ready' ? lab.exportPytorch() : Promise.resolve(null)),
  };
};

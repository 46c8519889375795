/**
 * The worker side of the lab: hosts one `Experiment`, trains it in short chunks (yielding so the
 * page's messages get through between them), and sends plain `RunFrame`s at a bounded rate.
 * Framework-free and DOM-free: `worker.ts` exposes it with comlink; tests drive it directly.
 * `protocol.ts` is its contract with the page.
 *
 * Cost control: a training point is recorded every `stride` steps (1 until a long curve is
 * thinned), but the expensive views are refreshed on timers: the probe, weights, spectral radii and
 * a gradient-history row every DETAIL_MS, the held-out evaluation every EVAL_MS. None of them draws
 * random numbers, so they never change the losses a link replays.
 *
 * Devices: a link always replays on the CPU (its losses stay bit-identical), then the run moves to
 * the chosen device. The CPU path trains synchronously in chunks; WebGPU uses the async forms, one
 * awaited step at a time, and keeps a CPU-restorable checkpoint every SAFE_MS so a lost GPU resumes
 * on the CPU from there. Every use of the experiment goes through one queue (`exclusive`), so a
 * Step or a device switch never interleaves with an awaited GPU step.
 */
import { torch } from 'engine';
import { pytorchBundle } from '../../export/bundle.ts';
import { readScriptCheckpoint } from '../../export/checkpoint_import.ts';
import type { LiveSettings } from '../config/schedule.ts';
import { readModelFile, type ModelFileRead } from '../../export/model_file.ts';
import { openedRun } from '../../export/opened_model.ts';
import { openingPlan, whyNotOpenable } from '../run/model_import/fit.ts';
import { summarise } from '../run/model_import/recognise.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import { chooseDevice, rebuildOn } from '../run/device_move.ts';
import { Experiment, type NumericProblem, type ProbeResult, type RunCheckpoint, type StepOutcome } from '../run/experiment.ts';
import { generateText } from '../run/generate.ts';
import { layerKey } from '../run/layer_key.ts';
import { spectralRadius } from '../run/spectral.ts';
import { DEFAULT_TEMPERATURE, encodePrompt } from '../tasks/index.ts';
import { LosableGpu } from './losable_gpu.ts';
import type {
  CheckpointOutcome, DevicePreference, GradientHistoryRow, InspectOutcome, LabApi, LabEvent, LiveChange, LoadOutcome, RestorableRun, RunFrame, SpectralPoint, TrainingPoint,
} from './protocol.ts';

/** The run a load replaced, kept so the change that started a new run can be undone. */
interface SetAside {
  config: ExperimentConfig;
  checkpoint: RunCheckpoint;
  history: TrainingPoint[];
  stride: number;
  gradientHistory: GradientHistoryRow[];
  spectral: SpectralPoint[];
}

/** Frames at most this often while training. */
const POST_MS = 100;
const DETAIL_MS = 300;
const EVAL_MS = 1000;
/** Train for this long before yielding to the message queue. */
const CHUNK_MS = 30;
/** Thin the curves (every other point) past these lengths. */
const MAX_HISTORY = 2000;
const MAX_ROWS = 300;
/** Characters of generated text for text tasks. */
const GENERATED_LENGTH = 160;
/** Replay progress is reported this often. */
const REPLAY_REPORT_MS = 150;
/**
 * A replayed link records up to this many gradient-history rows, spectral radii and held-out
 * points along the way, so its charts show how it got there, as a live run's do; and at most one
 * every REPLAY_RECORD_MIN_GAP steps, since a record costs about two training steps (a held-out
 * evaluation and a probe): the replay stays within about a fifth of its bare time.
 */
const REPLAY_RECORDS = 60;
const REPLAY_RECORD_MIN_GAP = 10;
/** On WebGPU, a CPU-restorable checkpoint at least this often (what a lost GPU resumes from). */
const SAFE_MS = 1000;
/** A lost device rejects pending reads before its `lost` event: wait this long for the real reason. */
const LOST_EVENT_MS = 100;
/** The page is sent the run's restorable state this often (what a restarted worker resumes from). */
const RESTORABLE_MS = 3000;
/**
 * Work expected to take longer than this is announced (`busy`), so the page's heartbeat does not
 * mistake one large step for a hung worker; the announcement allows BUSY_MARGIN times the estimate,
 * since this machine may be shared and slower than it was a moment ago.
 */
const BUSY_HINT_MS = 500;
const BUSY_MARGIN = 4;
/**
 * Before a run's first step is timed, its cost is guessed from its size at this pessimistic rate
 * (flops per millisecond: 2 GFLOP/s, several times below what the CPU backend reaches).
 */
const SLOW_FLOPS_PER_MS = 2e6;

const now = () => performance.now();
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LabHost implements LabApi {
  private exp: Experiment | null = null;
  private config: ExperimentConfig | null = null;
  private emit: (event: LabEvent) => void = () => {};
  private history: TrainingPoint[] = [];
  /** Record a training point every `stride` steps (doubles each time the curve is thinned). */
  private stride = 1;
  private latest: TrainingPoint | null = null;
  private gradientHistory: GradientHistoryRow[] = [];
  private spectral: SpectralPoint[] = [];
  private paramGradNorms: Record<string, number> = {};
  private probe: ProbeResult | null = null;
  private generatedText: string | undefined;
  private temperature = DEFAULT_TEMPERATURE;
  /** Bumped by each Generate click, so the same model writes a new text. */
  private draw = 0;
  private weights: RunFrame['weights'] = {};
  private detailStep = -1;
  private detailVersion = 0;
  private exampleIndex = 0;
  private playing = false;
  /** Target steps per second; Infinity trains flat out. */
  private speed = Number.POSITIVE_INFINITY;
  /**
   * Steps left before Play stops by itself (Infinity: until paused). Counted here, between steps,
   * so "train N steps" stops exactly at N at any speed (a Pause from the page lands a chunk late).
   */
  private remaining = Number.POSITIVE_INFINITY;
  /** Bumped by every load, so a superseded loop or replay stops. */
  private generation = 0;
  private lastPost = -Infinity;
  private lastDetail = -Infinity;
  private lastEval = -Infinity;
  private rate: { t: number; step: number }[] = [];
  private preference: DevicePreference = 'cpu';
  private readonly gpu: LosableGpu;
  private adapter: string | null = null;
  private parity: number | null = null;
  /** The latest CPU-restorable state of a WebGPU run; null on the CPU. */
  private safe: RunCheckpoint | null = null;
  private lastSafe = -Infinity;
  /** The run the last load replaced (with some progress), for `restorePrevious`. */
  private setAside: SetAside | null = null;
  /** The model file read last (`inspectModelFile`), until a model of it is opened or another file is read. */
  private modelFile: Extract<ModelFileRead, { ok: true }> | null = null;
  /** The tail of the queue every use of the experiment waits its turn in. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastRestorable = -Infinity;
  /** How long the last training step of `exp` took, once one was timed. */
  private timed: { exp: Experiment; ms: number } | null = null;

  /** `gpu`: WebGPU's entry point (default `navigator.gpu`; Dawn's in Node tests). */
  constructor(gpu: GPU | undefined = typeof navigator === 'undefined' ? undefined : navigator.gpu) {
    this.gpu = new LosableGpu(gpu);
    torch.backends.webgpu.onLost((message) => this.fallBack(message));
  }

  listen(emit: (event: LabEvent) => void): void {
    this.emit = emit;
  }

  async load(config: ExperimentConfig, replaySteps = 0, preference: DevicePreference = this.preference): Promise<LoadOutcome> {
    const generation = ++this.generation;
    this.playing = false;
    this.preference = preference;
    const superseded: LoadOutcome = { ok: false, superseded: true };
    return this.exclusive(() => this.guard(async (): Promise<LoadOutcome> => {
      if (generation !== this.generation) return superseded;
      const kept = await this.snapshot();
      if (generation !== this.generation) return superseded;
      this.setAside = kept;
      const created = Experiment.create(config);
      if (!created.ok) {
        this.exp = null;
        this.config = null;
        return { ok: false, errors: [...created.errors] };
      }
      this.exp = created.data;
      this.config = config;
      this.clearRecords();
      let lastReport = now();
      let lastYield = now();
      const exp = this.exp;
      let problem: NumericProblem | null = null;
      const every = Math.max(REPLAY_RECORD_MIN_GAP, Math.ceil(replaySteps / REPLAY_RECORDS));
      for (let i = 0; i < replaySteps && problem === null; i++) {
        problem = await this.trainOne(exp);
        if (problem === null && (i + 1) % every === 0 && i + 1 < replaySteps) problem = await this.recordReplayed(exp);
        if (now() - lastReport > REPLAY_REPORT_MS) {
          this.emit({ kind: 'replay', done: i + 1, total: replaySteps });
          lastReport = now();
        }
        // Yield often: the page's heartbeat and a Reset are answered between steps.
        if (now() - lastYield > CHUNK_MS) {
          await pause(0);
          if (generation !== this.generation) return superseded;
          lastYield = now();
        }
      }
      await this.moveTo(preference);
      if (generation !== this.generation) return superseded;
      await this.post(true);
      const step = this.exp?.step ?? 0;
      return problem === null ? { ok: true, step, probeCount: exp.probeCount } : { ok: false, problem, step, probeCount: exp.probeCount };
    }, superseded));
  }

  async change(set: LiveSettings): Promise<LiveChange | null> {
    return this.exclusive(async () => {
      const exp = this.exp;
      if (exp === null) return null;
      exp.changeLive(set);
      this.config = exp.config;
      // Paused, the views show the change now (a new nonlinearity changes the probe); playing, the next frame does.
      if (!this.playing) await this.onDevice(exp, () => this.post(true), undefined);
      return { config: exp.config, step: exp.step };
    });
  }

  async restorePrevious(preference: DevicePreference = this.preference): Promise<LoadOutcome | null> {
    const generation = ++this.generation;
    this.playing = false;
    this.preference = preference;
    return this.exclusive(() => this.guard(async (): Promise<LoadOutcome | null> => {
      const kept = this.setAside;
      if (generation !== this.generation) return { ok: false, superseded: true };
      if (kept === null) return null;
      this.setAside = null;
      this.exp = rebuildOn(kept.config, 'cpu', kept.checkpoint);
      this.config = kept.config;
      this.clearRecords();
      this.history = kept.history;
      this.stride = kept.stride;
      this.latest = kept.history.at(-1) ?? null;
      this.gradientHistory = kept.gradientHistory;
      this.spectral = kept.spectral;
      await this.moveTo(preference);
      if (generation !== this.generation) return { ok: false, superseded: true };
      await this.post(true);
      return { ok: true, step: this.exp.step, probeCount: this.exp.probeCount };
    }, null));
  }

  /** The current run and its records as plain data, or null when it has no progress to keep. */
  private async snapshot(): Promise<SetAside | null> {
    const exp = this.exp;
    if (exp === null || exp.step === 0) return null;
    const checkpoint = await this.onDevice(exp, () => exp.checkpoint(), null);
    if (checkpoint === null) return null;
    return { config: exp.config, checkpoint, history: this.history, stride: this.stride, gradientHistory: this.gradientHistory, spectral: this.spectral };
  }

  play(steps?: number): void {
    this.remaining = steps !== undefined && Number.isInteger(steps) && steps > 0 ? steps : Number.POSITIVE_INFINITY;
    if (this.exp === null || this.playing) return;
    this.playing = true;
    this.rate = [];
    void this.loop(this.generation);
  }

  async pause(): Promise<void> {
    if (!this.playing) return;
    this.playing = false;
    await this.exclusive(() => this.post(true));
  }

  async step(): Promise<{ step: number } | { problem: NumericProblem }> {
    this.playing = false;
    return this.exclusive(async () => {
      const exp = this.exp;
      if (exp === null) return { step: 0 };
      return this.onDevice(exp, async () => {
        const problem = await this.trainOne(exp);
        await this.post(true);
        return problem ? { problem } : { step: exp.step };
      }, { step: exp.step });
    });
  }

  async exportPytorch(): Promise<Uint8Array | null> {
    return this.exclusive(async () => {
      const exp = this.exp;
      if (exp === null) return null;
      return this.onDevice(exp, () => pytorchBundle(exp), null);
    });
  }

  async openCheckpoint(bytes: Uint8Array, preference: DevicePreference = this.preference): Promise<CheckpointOutcome> {
    const generation = ++this.generation;
    this.playing = false;
    this.preference = preference;
    const superseded: CheckpointOutcome = { ok: false, superseded: true };
    return this.exclusive(() => this.guard(async (): Promise<CheckpointOutcome> => {
      if (generation !== this.generation) return superseded;
      const read = readScriptCheckpoint(bytes);
      // A file that cannot be used leaves the current run as it was.
      if (!read.ok) return { ok: false, message: read.message };
      return this.replaceRun(read.config, read.checkpoint, preference, generation);
    }, superseded));
  }

  async inspectModelFile(bytes: Uint8Array, fileName: string): Promise<InspectOutcome> {
    this.modelFile = null;
    const read = readModelFile(bytes, fileName);
    if (!read.ok) return read;
    if (read.appCheckpoint) return { ok: true, kind: 'checkpoint' };
    this.modelFile = read;
    return {
      ok: true,
      kind: 'models',
      fileName,
      choices: read.models.map((m) => {
        const problem = whyNotOpenable(m);
        return { summary: summarise(m), problem, plan: problem === null ? openingPlan(m) : null };
      }),
      misfits: read.misfits.map((m) => m.message),
      notes: read.notes,
    };
  }

  async openModel(index: number, nonlinearity: 'tanh' | 'relu', preference: DevicePreference = this.preference): Promise<CheckpointOutcome> {
    const generation = ++this.generation;
    this.playing = false;
    this.preference = preference;
    const superseded: CheckpointOutcome = { ok: false, superseded: true };
    return this.exclusive(() => this.guard(async (): Promise<CheckpointOutcome> => {
      if (generation !== this.generation) return superseded;
      const file = this.modelFile;
      const model = file?.models[index];
      if (file === null || model === undefined) return { ok: false, message: 'That model file is no longer open here: choose the file again.' };
      const opened = await openedRun(model, file.tensors, nonlinearity, this.config);
      if (!opened.ok) return { ok: false, message: opened.message };
      this.modelFile = null;
      return this.replaceRun(opened.config, opened.checkpoint, preference, generation);
    }, superseded));
  }

  /** The run becomes `checkpoint` of `config` (an opened checkpoint or model), on the device `preference` gets. */
  private async replaceRun(config: ExperimentConfig, checkpoint: RunCheckpoint, preference: DevicePreference, generation: number): Promise<CheckpointOutcome> {
    this.exp = rebuildOn(config, 'cpu', checkpoint);
    this.config = config;
    this.clearRecords();
    await this.moveTo(preference);
    if (generation !== this.generation) return { ok: false, superseded: true };
    await this.post(true);
    return { ok: true, config, step: checkpoint.step, probeCount: this.exp.probeCount };
  }

  async setDevice(preference: DevicePreference): Promise<void> {
    this.preference = preference;
    await this.exclusive(async () => {
      const exp = this.exp;
      if (exp === null) return;
      await this.onDevice(exp, async () => {
        await this.moveTo(preference);
        await this.post(true);
      }, undefined);
    });
  }

  async resume(run: RestorableRun, preference: DevicePreference = this.preference): Promise<LoadOutcome> {
    const generation = ++this.generation;
    this.playing = false;
    this.preference = preference;
    const superseded: LoadOutcome = { ok: false, superseded: true };
    return this.exclusive(() => this.guard(async (): Promise<LoadOutcome> => {
      if (generation !== this.generation) return superseded;
      const exp = rebuildOn(run.config, 'cpu', run.checkpoint);
      this.exp = exp;
      this.config = run.config;
      this.clearRecords();
      this.history = run.history.filter((p) => p.step <= run.checkpoint.step);
      this.latest = this.history.at(-1) ?? null;
      await this.moveTo(preference);
      if (generation !== this.generation) return superseded;
      await this.post(true);
      return { ok: true, step: exp.step, probeCount: exp.probeCount };
    }, superseded));
  }

  ping(): true {
    return true;
  }

  debugLoseDevice(): boolean {
    return this.gpu.lose();
  }

  setSpeed(stepsPerSecond: number): void {
    this.speed = stepsPerSecond > 0 ? stepsPerSecond : Number.POSITIVE_INFINITY;
  }

  selectExample(index: number): void {
    this.exampleIndex = index;
    this.detailStep = -1;
    void this.exclusive(() => this.post(true));
  }

  setTemperature(temperature: number, regenerate = false): void {
    this.temperature = temperature;
    if (regenerate) this.draw += 1;
    void this.exclusive(async () => {
      const exp = this.exp;
      if (exp !== null) this.generatedText = await this.writeText(exp);
      await this.post(true);
    });
  }

  private async loop(generation: number): Promise<void> {
    while (this.playing && generation === this.generation && this.exp !== null) {
      const started = now();
      const failed = await this.exclusive(() => this.chunk(generation, started));
      if (failed) {
        this.playing = false;
        await this.exclusive(() => this.post(true));
        return;
      }
      const wait = Number.isFinite(this.speed) ? Math.max(0, 1000 / this.speed - (now() - started)) : 0;
      await pause(wait);
    }
  }

  /** Trains for CHUNK_MS (or one step at a set speed); true when a problem stopped training. */
  private async chunk(generation: number, started: number): Promise<boolean> {
    const exp = this.exp;
    if (!this.playing || generation !== this.generation || exp === null) return false;
    const once = Number.isFinite(this.speed);
    return this.onDevice(exp, async () => {
      do {
        if ((await this.trainOne(exp)) !== null) return true;
        this.remaining -= 1;
      } while (!once && this.remaining > 0 && now() - started < CHUNK_MS && this.playing && exp === this.exp);
      if (this.remaining <= 0) this.playing = false;
      await this.post(this.remaining <= 0);
      return false;
    }, false);
  }

  /**
   * During a replay (on the CPU): the held-out evaluation and the detail views at this step, as
   * the live timers would have taken them. Neither draws random numbers, so the losses replay
   * bit for bit either way.
   */
  private async recordReplayed(exp: Experiment): Promise<NumericProblem | null> {
    const latest = this.latest;
    if (latest === null) return null;
    const evaluation = await exp.evaluate();
    latest.evalLoss = evaluation.loss;
    latest.evalMetric = evaluation.value;
    const problem = this.guardHeldOut(exp, evaluation.loss);
    if (problem !== null) return problem;
    // A point between recorded strides is kept for its held-out loss (thinning keeps those).
    if (this.history.at(-1) !== latest) this.history.push(latest);
    await this.refreshDetail(exp, now());
    return null;
  }

  /**
   * A NaN or Inf held-out loss: the experiment went back to its last good state; the curves are
   * cut back to it (the non-finite point stays, marked, so the chart shows what happened).
   */
  private guardHeldOut(exp: Experiment, heldOutLoss: number): NumericProblem | null {
    const problem = exp.checkHeldOut(heldOutLoss);
    if (problem === null) return null;
    this.playing = false;
    const kept = this.history.filter((p) => p.step <= problem.lastGoodStep);
    this.history = this.latest !== null ? [...kept, this.latest] : kept;
    this.latest = kept.at(-1) ?? null;
    this.gradientHistory = this.gradientHistory.filter((r) => r.step <= problem.lastGoodStep);
    this.spectral = this.spectral.filter((r) => r.step <= problem.lastGoodStep);
    this.detailStep = -1;
    this.emit({ kind: 'problem', problem });
    return problem;
  }

  /**
   * One step; on NaN/Inf stops playing and reports (the experiment has already rolled back). A
   * step of a run that was replaced meanwhile is dropped.
   */
  private async trainOne(exp: Experiment): Promise<NumericProblem | null> {
    this.announce(exp);
    const started = now();
    const outcome = await exp.trainStep();
    this.timed = { exp, ms: now() - started };
    return exp === this.exp ? this.record(outcome) : null;
  }

  /**
   * Tells the page when the next step may keep this worker silent a while; `heldOut`: a held-out
   * evaluation or probe instead (a forward pass, about a third of a step, over probeCount examples).
   */
  private announce(exp: Experiment, heldOut = false): void {
    const step = this.timed?.exp === exp ? this.timed.ms : guessStepMs(exp);
    const expected = heldOut ? (step * Math.max(1, exp.probeCount / exp.config.batchSize)) / 3 : step;
    if (expected > BUSY_HINT_MS) this.emit({ kind: 'busy', ms: BUSY_MARGIN * expected });
  }

  private record(outcome: StepOutcome): NumericProblem | null {
    if (!outcome.ok) {
      this.playing = false;
      this.cutTo(outcome.problem.lastGoodStep);
      this.emit({ kind: 'problem', problem: outcome.problem });
      return outcome.problem;
    }
    const { step, loss, metric, gradNorm, paramGradNorms } = outcome.stats;
    this.latest = { step, loss, metric, gradNorm };
    this.paramGradNorms = paramGradNorms;
    if (step % this.stride === 0) this.history.push(this.latest);
    if (this.history.length > MAX_HISTORY) {
      // Held-out points are rare (about one a second): thinning keeps them all.
      this.history = this.history.filter((p, i) => i % 2 === 1 || p.evalLoss !== undefined);
      this.stride *= 2;
    }
    return null;
  }

  /** The curves cut back to `step`, where the run went back to. */
  private cutTo(step: number): void {
    this.history = this.history.filter((p) => p.step <= step);
    this.latest = this.history.at(-1) ?? null;
    this.gradientHistory = this.gradientHistory.filter((r) => r.step <= step);
    this.spectral = this.spectral.filter((r) => r.step <= step);
    this.detailStep = -1;
  }

  /**
   * Moves the run to the device `preference` gets, through a plain checkpoint. A link's replay and
   * a CPU run stay bit-identical; leaving WebGPU releases it.
   */
  private async moveTo(preference: DevicePreference): Promise<void> {
    const exp = this.exp;
    if (exp === null) return;
    const choice = await chooseDevice(preference, this.gpu.gpu);
    if (choice.notice !== null) this.emit({ kind: 'device-notice', message: choice.notice, lost: false });
    if (exp !== this.exp) return;
    if (choice.device !== exp.device) {
      const checkpoint = await exp.checkpoint();
      this.exp = rebuildOn(exp.config, choice.device, checkpoint);
      this.safe = choice.device === 'webgpu' ? checkpoint : null;
      this.lastSafe = now();
    }
    if (choice.device === 'cpu') torch.backends.webgpu.release();
    this.adapter = choice.adapter;
    this.parity = null;
    this.detailStep = -1;
  }

  /**
   * The GPU is gone: the run resumes on the CPU from its last safe checkpoint, its curves cut back
   * to that step, and keeps playing if it was. Idempotent (a lost event and a failed read both
   * land here).
   */
  private fallBack(reason: string): void {
    const lost = this.exp;
    const safe = this.safe;
    if (lost === null || lost.device !== 'webgpu' || safe === null) return;
    this.exp = rebuildOn(lost.config, 'cpu', safe);
    this.safe = null;
    this.adapter = null;
    this.parity = null;
    this.detailStep = -1;
    this.history = this.history.filter((p) => p.step <= safe.step);
    this.latest = this.history.at(-1) ?? null;
    this.gradientHistory = this.gradientHistory.filter((r) => r.step <= safe.step);
    this.spectral = this.spectral.filter((r) => r.step <= safe.step);
    torch.backends.webgpu.release();
    this.emit({
      kind: 'device-notice',
      lost: true,
      message:
        `WebGPU stopped: ${reason.replace(/\.+$/, '')}. The run moved to the CPU at step ${safe.step}, its last saved state, ` +
        'and continues there. Choose WebGPU again to retry the GPU.',
    });
    void this.exclusive(() => this.post(true));
  }

  /** Runs `fn` on `exp`; a throw on WebGPU falls back to the CPU (and answers `fallback`), else fails. */
  private async onDevice<T>(exp: Experiment, fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (exp.device !== 'webgpu') return this.fail(error, fallback);
      await pause(LOST_EVENT_MS);
      this.fallBack(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }

  /** Queues `fn` behind every earlier use of the experiment. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Sends a frame if POST_MS has passed (or `force`), refreshing the costly parts on their timers. */
  private async post(force: boolean): Promise<void> {
    const exp = this.exp;
    if (exp === null) return;
    const t = now();
    if (!force && t - this.lastPost < POST_MS) return;
    this.lastPost = t;
    this.rate.push({ t, step: exp.step });
    while (this.rate.length > 2 && t - (this.rate[0] as { t: number }).t > 1500) this.rate.shift();
    if (this.latest !== null && (force || t - this.lastEval >= EVAL_MS) && this.latest.evalLoss === undefined) {
      this.announce(exp, true);
      const latest = this.latest;
      const evaluation = await exp.evaluate();
      latest.evalLoss = evaluation.loss;
      latest.evalMetric = evaluation.value;
      this.lastEval = t;
      this.guardHeldOut(exp, evaluation.loss);
      this.generatedText = await this.writeText(exp);
    }
    if (force || this.probe === null || (t - this.lastDetail >= DETAIL_MS && exp.step !== this.detailStep)) {
      this.announce(exp, true);
      await this.refreshDetail(exp, t);
    }
    if (exp.device === 'webgpu' && (force || t - this.lastSafe >= SAFE_MS)) {
      this.safe = await exp.checkpoint();
      this.lastSafe = t;
    }
    // The GPU was lost while this waited: the fallback posts the CPU run instead.
    if (exp !== this.exp) return;
    const history = this.latest !== null && this.history.at(-1) !== this.latest ? [...this.history, this.latest] : [...this.history];
    this.emit({
      kind: 'frame',
      frame: {
        step: exp.step,
        history,
        gradientHistory: [...this.gradientHistory],
        spectral: [...this.spectral],
        weights: this.weights,
        paramGradNorms: this.paramGradNorms,
        probe: this.probe as ProbeResult,
        ...(this.generatedText === undefined ? {} : { generatedText: this.generatedText }),
      },
      detail: this.detailVersion,
      playing: this.playing,
      stepsPerSecond: this.stepsPerSecond(),
      backend: { device: exp.device, adapter: this.adapter, parity: this.parity, threads: torch.get_num_threads() },
    });
    if (force || t - this.lastRestorable >= RESTORABLE_MS) await this.sendRestorable(exp, t);
  }

  /** The run as a fresh worker could rebuild it (on WebGPU, its last CPU-restorable checkpoint). */
  private async sendRestorable(exp: Experiment, t: number): Promise<void> {
    this.lastRestorable = t;
    const checkpoint = exp.device === 'webgpu' && this.safe !== null ? this.safe : await exp.checkpoint();
    if (exp !== this.exp) return;
    const history = this.history.filter((p) => p.step <= checkpoint.step);
    if (this.latest !== null && this.latest.step <= checkpoint.step && history.at(-1) !== this.latest) history.push(this.latest);
    this.emit({ kind: 'restorable', run: { config: exp.config, checkpoint, history } });
  }

  private async refreshDetail(exp: Experiment, t: number): Promise<void> {
    this.lastDetail = t;
    this.detailVersion += 1;
    this.probe = await exp.probe(this.exampleIndex);
    this.weights = await exp.weights();
    if (exp.device !== 'cpu') this.parity = await exp.parity();
    if (exp.step === this.detailStep && this.gradientHistory.length > 0) return;
    this.detailStep = exp.step;
    const norms: Record<string, number[]> = {};
    for (const layer of this.probe.layers) norms[layerKey(layer.layer, layer.direction)] = [...layer.gradNorm];
    const radius: Record<string, number> = {};
    for (const [name, w] of Object.entries(this.weights)) {
      const match = /weight_hh_(l\d+(?:_reverse)?)$/.exec(name);
      if (match?.[1] !== undefined) radius[match[1]] = spectralRadius(w.data, w.shape[0] ?? 0);
    }
    this.gradientHistory = thin([...this.gradientHistory.filter((r) => r.step < exp.step), { step: exp.step, norms }]);
    this.spectral = thin([...this.spectral.filter((r) => r.step < exp.step), { step: exp.step, radius }]);
  }

  /** Text tasks on a unidirectional model: what it writes from the text's first character. */
  private async writeText(exp: Experiment): Promise<string | undefined> {
    const vocab = exp.instance.vocab;
    if (vocab === undefined || exp.config.model.bidirectional) return undefined;
    // Generation feeds each sampled character back in: on a GPU run it reads a CPU copy of the weights.
    const model = await exp.cpuModel();
    const first = Array.from(exp.config.text ?? '')[0] ?? '';
    const prompt = encodePrompt(vocab, first);
    const ids = prompt.ok ? prompt.data : [];
    return first + generateText(model, vocab, ids, GENERATED_LENGTH, this.temperature, exp.config.seed + this.draw);
  }

  private stepsPerSecond(): number {
    const first = this.rate[0];
    const last = this.rate.at(-1);
    if (!this.playing || first === undefined || last === undefined || last.t - first.t < 1) return 0;
    return ((last.step - first.step) * 1000) / (last.t - first.t);
  }

  private clearRecords(): void {
    this.history = [];
    this.stride = 1;
    this.latest = null;
    this.gradientHistory = [];
    this.spectral = [];
    this.paramGradNorms = {};
    this.probe = null;
    this.generatedText = undefined;
    this.detailStep = -1;
    this.lastEval = -Infinity;
    const count = this.exp?.probeCount ?? 1;
    this.exampleIndex = Math.min(this.exampleIndex, count - 1);
  }

  /** Runs `fn`; a throw becomes a `failure` event (the page restarts the worker) and `fallback`. */
  private async guard<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      return this.fail(error, fallback);
    }
  }

  private fail<T>(error: unknown, fallback: T): T {
    this.playing = false;
    this.emit({ kind: 'failure', message: error instanceof Error ? error.message : String(error) });
    return fallback;
  }
}

/** Keeps a record list bounded: past MAX_ROWS, every other row goes (the newest always stays). */
/**
 * A pessimistic guess of one training step's time before any was timed: about 6 flops per weight
 * per example per timestep (forward, and twice that backward) at SLOW_FLOPS_PER_MS.
 */
function guessStepMs(exp: Experiment): number {
  const { hiddenSize, numLayers, bidirectional } = exp.config.model;
  const directions = bidirectional ? 2 : 1;
  let weights = 0;
  for (let layer = 0; layer < numLayers; layer++) {
    const input = layer === 0 ? exp.instance.inputSize : directions * hiddenSize;
    weights += directions * (input + hiddenSize) * hiddenSize;
  }
  return (6 * exp.config.batchSize * exp.config.seqLen * weights) / SLOW_FLOPS_PER_MS;
}

function thin<T>(rows: T[]): T[] {
  if (rows.length <= MAX_ROWS) return rows;
  return rows.filter((_, i) => i % 2 === (rows.length - 1) % 2);
}

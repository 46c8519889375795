/**
 * The worker side of the lab: hosts one `Experiment`, trains it in short chunks (yielding so the
 * page's messages get through between them), and sends plain `RunSnapshot`s at a bounded rate.
 * Framework-free and DOM-free: `worker.ts` exposes it with comlink; tests drive it directly.
 *
 * Cost control: training points are recorded every step, but the expensive views are refreshed
 * on timers: the probe, weights, spectral radii and a gradient-history row every DETAIL_MS, the
 * held-out evaluation every EVAL_MS. None of them draws random numbers, so they never change the
 * losses a link replays.
 */
import { Experiment, type NumericProblem, type ProbeResult } from './experiment.ts';
import type { ExperimentConfig } from './schema.ts';
import { layerKey, type GradientHistoryRow, type RunSnapshot, type SpectralPoint, type TrainingPoint } from './snapshot.ts';
import { generateText } from './generate.ts';
import { spectralRadius } from './spectral.ts';
import { encodePrompt, type TaskIssue } from './tasks/index.ts';

/** Snapshots at most this often while training. */
const POST_MS = 100;
const DETAIL_MS = 300;
const EVAL_MS = 1000;
/** Train for this long before yielding to the message queue. */
const CHUNK_MS = 30;
/** Thin the curves (every other point) past these lengths. */
const MAX_HISTORY = 2000;
const MAX_ROWS = 300;
/** Characters of free-running text for text tasks, and how adventurous the sampling is. */
const SAMPLE_LENGTH = 160;
const SAMPLE_TEMPERATURE = 0.8;
/** Replay progress is reported this often. */
const REPLAY_REPORT_MS = 150;

export type LabEvent =
  /**
   * `detail` changes whenever the probe, weights, spectral radii or gradient history were
   * refreshed; between refreshes the page can keep its copies (and skip redrawing those views).
   */
  | { kind: 'snapshot'; snapshot: RunSnapshot; detail: number; playing: boolean; stepsPerSecond: number }
  | { kind: 'problem'; problem: NumericProblem }
  | { kind: 'replay'; done: number; total: number }
  /** Something threw inside the worker: the page restarts it. */
  | { kind: 'failure'; message: string };

export type LoadOutcome =
  | { ok: true; step: number; probeCount: number }
  | { ok: false; errors: TaskIssue[] }
  /** Stopped early: a replayed step hit NaN/Inf (the run sits at the last good step). */
  | { ok: false; problem: NumericProblem; step: number; probeCount: number }
  /** A newer load or reset superseded this one. */
  | { ok: false; superseded: true };

const now = () => performance.now();
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LabHost {
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
  private sample: string | undefined;
  private weights: RunSnapshot['weights'] = {};
  private detailStep = -1;
  private detailVersion = 0;
  private exampleIndex = 0;
  private playing = false;
  /** Target steps per second; Infinity trains flat out. */
  private speed = Number.POSITIVE_INFINITY;
  /** Bumped by every load, so a superseded loop or replay stops. */
  private generation = 0;
  private lastPost = -Infinity;
  private lastDetail = -Infinity;
  private lastEval = -Infinity;
  private rate: { t: number; step: number }[] = [];

  /** Where events go (a comlink proxy in the worker, a plain function in tests). */
  listen(emit: (event: LabEvent) => void): void {
    this.emit = emit;
  }

  /** Builds a fresh run from `config` and replays `replaySteps` training steps (a shared link's). */
  async load(config: ExperimentConfig, replaySteps = 0): Promise<LoadOutcome> {
    const generation = ++this.generation;
    this.playing = false;
    return this.guard(async () => {
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
      for (let i = 0; i < replaySteps; i++) {
        const problem = this.trainOne();
        if (problem) {
          this.post(true);
          return { ok: false, problem, step: this.exp.step, probeCount: this.exp.probeCount };
        }
        if (now() - lastReport > REPLAY_REPORT_MS) {
          this.emit({ kind: 'replay', done: i + 1, total: replaySteps });
          await pause(0);
          if (generation !== this.generation) return { ok: false, superseded: true };
          lastReport = now();
        }
      }
      this.post(true);
      return { ok: true, step: this.exp.step, probeCount: this.exp.probeCount };
    }, { ok: false, superseded: true });
  }

  /** Back to step 0 with the same config (fresh weights from the same seed). */
  async reset(): Promise<LoadOutcome> {
    if (this.config === null) return { ok: false, errors: [{ message: 'Nothing to reset: the configuration did not build.' }] };
    return this.load(this.config, 0);
  }

  play(): void {
    if (this.exp === null || this.playing) return;
    this.playing = true;
    this.rate = [];
    void this.loop(this.generation);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.post(true);
  }

  /** Exactly one optimizer step (pausing first); the new step, or the problem that stopped it. */
  step(): { step: number } | { problem: NumericProblem } {
    this.playing = false;
    return this.guard(() => {
      if (this.exp === null) return { step: 0 };
      const problem = this.trainOne();
      this.post(true);
      return problem ? { problem } : { step: this.exp.step };
    }, { step: this.exp?.step ?? 0 });
  }

  setSpeed(stepsPerSecond: number): void {
    this.speed = stepsPerSecond > 0 ? stepsPerSecond : Number.POSITIVE_INFINITY;
  }

  /** Which held-out example the step-through views show. */
  selectExample(index: number): void {
    this.exampleIndex = index;
    this.detailStep = -1;
    this.post(true);
  }

  private async loop(generation: number): Promise<void> {
    while (this.playing && generation === this.generation && this.exp !== null) {
      const started = now();
      const failed = this.guard(() => {
        if (Number.isFinite(this.speed)) return this.trainOne() !== null;
        while (now() - started < CHUNK_MS) if (this.trainOne() !== null) return true;
        return false;
      }, true);
      if (failed) {
        this.playing = false;
        this.post(true);
        return;
      }
      this.post(false);
      const wait = Number.isFinite(this.speed) ? Math.max(0, 1000 / this.speed - (now() - started)) : 0;
      await pause(wait);
    }
  }

  /** One step; on NaN/Inf stops playing and reports (the experiment has already rolled back). */
  private trainOne(): NumericProblem | null {
    const exp = this.exp as Experiment;
    const outcome = exp.trainStep();
    if (!outcome.ok) {
      this.playing = false;
      this.emit({ kind: 'problem', problem: outcome.problem });
      return outcome.problem;
    }
    const { step, loss, metric, gradNorm, paramGradNorms } = outcome.stats;
    this.latest = { step, loss, metric, gradNorm };
    this.paramGradNorms = paramGradNorms;
    if (step % this.stride === 0) this.history.push(this.latest);
    if (this.history.length > MAX_HISTORY) {
      this.history = this.history.filter((_, i) => i % 2 === 1);
      this.stride *= 2;
    }
    return null;
  }

  /** Sends a snapshot if POST_MS has passed (or `force`), refreshing the costly parts on their timers. */
  private post(force: boolean): void {
    const exp = this.exp;
    if (exp === null) return;
    const t = now();
    if (!force && t - this.lastPost < POST_MS) return;
    this.lastPost = t;
    this.rate.push({ t, step: exp.step });
    while (this.rate.length > 2 && t - (this.rate[0] as { t: number }).t > 1500) this.rate.shift();
    if (this.latest !== null && (force || t - this.lastEval >= EVAL_MS) && this.latest.evalLoss === undefined) {
      const evaluation = exp.evaluate();
      this.latest.evalLoss = evaluation.loss;
      this.latest.evalMetric = evaluation.value;
      this.lastEval = t;
      this.sample = this.writeSample(exp);
    }
    if (force || this.probe === null || (t - this.lastDetail >= DETAIL_MS && exp.step !== this.detailStep)) this.refreshDetail(exp, t);
    const history = this.latest !== null && this.history.at(-1) !== this.latest ? [...this.history, this.latest] : [...this.history];
    this.emit({
      kind: 'snapshot',
      snapshot: {
        step: exp.step,
        history,
        gradientHistory: [...this.gradientHistory],
        spectral: [...this.spectral],
        weights: this.weights,
        paramGradNorms: this.paramGradNorms,
        probe: this.probe as ProbeResult,
        ...(this.sample === undefined ? {} : { sample: this.sample }),
      },
      detail: this.detailVersion,
      playing: this.playing,
      stepsPerSecond: this.stepsPerSecond(),
    });
  }

  private refreshDetail(exp: Experiment, t: number): void {
    this.lastDetail = t;
    this.detailVersion += 1;
    this.probe = exp.probe(this.exampleIndex);
    this.weights = exp.weights();
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
  private writeSample(exp: Experiment): string | undefined {
    const vocab = exp.instance.vocab;
    if (vocab === undefined || exp.config.model.bidirectional) return undefined;
    const first = Array.from(exp.config.text ?? '')[0] ?? '';
    const prompt = encodePrompt(vocab, first);
    const ids = prompt.ok ? prompt.data : [];
    return first + generateText(exp.model, vocab, ids, SAMPLE_LENGTH, SAMPLE_TEMPERATURE, exp.config.seed);
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
    this.sample = undefined;
    this.detailStep = -1;
    this.lastEval = -Infinity;
    const count = this.exp?.probeCount ?? 1;
    this.exampleIndex = Math.min(this.exampleIndex, count - 1);
  }

  /** Runs `fn`; a throw becomes a `failure` event (the page restarts the worker) and `fallback`. */
  private guard<T>(fn: () => T, fallback: Awaited<T>): T {
    try {
      const result = fn();
      if (result instanceof Promise) return result.catch((error: unknown) => this.fail(error, fallback)) as T;
      return result;
    } catch (error) {
      return this.fail(error, fallback) as T;
    }
  }

  private fail<T>(error: unknown, fallback: T): T {
    this.playing = false;
    this.emit({ kind: 'failure', message: error instanceof Error ? error.message : String(error) });
    return fallback;
  }
}

/** Keeps a record list bounded: past MAX_ROWS, every other row goes (the newest always stays). */
function thin<T>(rows: T[]): T[] {
  if (rows.length <= MAX_ROWS) return rows;
  return rows.filter((_, i) => i % 2 === (rows.length - 1) % 2);
}

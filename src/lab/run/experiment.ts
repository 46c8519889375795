/**
 * A training run, framework-free: built from a validated config, it trains one optimizer step at
 * a time, evaluates, probes one example step by step, and checkpoints/restores everything (weights,
 * optimizer state, both random streams, step) so a run can move between devices and outlive a lost GPU.
 * Same config and seed give bit-identical loss curves on the CPU.
 */
import { torch } from 'engine';
import { SequenceModel } from './model.ts';
import { judgedOutputs, lossOf, metricOf, targetTensor, type MetricValue } from './objective.ts';
import {
  makeOptimizer, optimizerFromPlain, optimizerToPlain, type AnyOptimizer, type PlainOptimizerState,
} from './optimizer.ts';
import { fromPlain, type PlainArray } from './plain.ts';
import { traceExample, type ExampleTrace } from './probes.ts';
import { Rng } from '../tasks/rng.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import { TASKS, type Batch, type TaskDefinition, type TaskInstance, type TaskIssue, type TaskResult } from '../tasks/index.ts';

/** Examples held out for evaluation and for the step-through views. */
const EVAL_SIZE = 128;
/** Offsets the data seed of the held-out batch so it never equals a training batch. */
const EVAL_SEED_SALT = 0x5eed;

export interface StepStats {
  /** Optimizer steps taken so far (after this one). */
  step: number;
  loss: number;
  metric: number;
  /** Total gradient 2-norm before clipping. */
  gradNorm: number;
  /** Gradient 2-norm per parameter (PyTorch names), before clipping. */
  paramGradNorms: Record<string, number>;
}

/** Where a NaN or Inf appeared first, and what to try. */
export interface NumericProblem {
  /** The step whose numbers went non-finite. */
  step: number;
  /** What went non-finite first, in words: "the gradient of rnn.weight_hh_l0". */
  where: string;
  /** The value it took (NaN, Infinity or -Infinity), for the notice. */
  value: number;
  /** The step the run went back to: the last one where every checked number was finite. */
  lastGoodStep: number;
  suggestion: string;
}

export type StepOutcome = { ok: true; stats: StepStats } | { ok: false; problem: NumericProblem };

export interface EvalResult extends MetricValue {
  loss: number;
}

/**
 * A run as plain data, restorable on any device: what the backend switch carries a run across
 * with, and what a WebGPU run keeps to survive a lost GPU. (Not what the page draws: that is a
 * `RunFrame`, see `host/protocol.ts`.)
 */
export interface RunCheckpoint {
  step: number;
  weights: Record<string, PlainArray>;
  optimizer: PlainOptimizerState;
  generator: torch.GeneratorState;
  dataRng: number;
}

/** One held-out example seen step by step, plus its target per judged step. */
export interface ProbeResult extends ExampleTrace {
  index: number;
  /** Valid steps of this example (padding excluded). */
  length: number;
  /** The target values at each judged step, flattened per step ([O] values, or [1] class index). */
  target: Float32Array[];
}

const SUGGESTION =
  'Try a lower learning rate, turn on gradient clipping (clip norm about 1), or use tanh instead of relu.';

/** The state before a step, kept on the model's device (no readback) so a bad step can be undone. */
interface UndoPoint {
  step: number;
  params: torch.Tensor[];
  optimizer: torch.optim.OptimizerStateDict;
  generator: torch.GeneratorState;
  dataRng: number;
}

/** A step computed on the device, waiting for its few numbers to be read. */
interface PendingStep {
  before: UndoPoint;
  batch: Batch;
  /** [loss, squared grad norm per parameter..., max |grad| per parameter..., max |weight| per parameter after the update] */
  stats: torch.Tensor;
  judged: torch.Tensor;
}

/** Where a run's tensors live: the CPU, or a GPU backend started with `torch.backends.webgpu.init()`. */
export type RunDevice = 'cpu' | 'webgpu';

export class Experiment {
  readonly task: TaskDefinition;
  readonly model: SequenceModel;
  readonly optimizer: AnyOptimizer;
  step = 0;
  private dataRng: Rng;
  private readonly evalBatch: Batch;
  /** Bumped whenever the weights may change, so a CPU copy of them is rebuilt only when stale. */
  private weightsVersion = 0;
  private replica: { version: number; model: SequenceModel } | null = null;
  /** The last state whose held-out loss was finite (see `checkHeldOut`), step 0 before the first evaluation. */
  private good: UndoPoint;

  private constructor(
    readonly config: ExperimentConfig,
    readonly instance: TaskInstance,
    readonly device: RunDevice,
  ) {
    this.task = TASKS[config.task];
    torch.manual_seed(config.seed);
    // Built on the CPU so the seeded default init is PyTorch's, then moved.
    this.model = new SequenceModel(instance.inputSize, instance.outputSize, config.model).to(device);
    this.optimizer = makeOptimizer(this.model.parameters(), config.optimizer);
    this.dataRng = new Rng(config.seed);
    this.evalBatch = instance.drawBatch(EVAL_SIZE, this.seqLen, new Rng(config.seed + EVAL_SEED_SALT));
    // Step 0 is where a run can always go back to: nothing has been computed from it yet.
    this.good = this.undoPoint();
  }

  /**
   * Builds the run (on `device`, the CPU by default), or returns the task's complaints about its
   * settings (never throws for them).
   */
  static create(config: ExperimentConfig, device: RunDevice = 'cpu'): TaskResult<Experiment> {
    const built = TASKS[config.task].build({ knobs: config.knobs, ...(config.text === undefined ? {} : { text: config.text }) });
    if (!built.ok) return built;
    const range = built.data.seqLenRange;
    if (config.seqLen < range.min || config.seqLen > range.max) {
      const issue: TaskIssue = { message: `Sequence length ${config.seqLen} is outside what this data supports (${range.min}..${range.max}).` };
      return { ok: false, errors: [issue] };
    }
    return { ok: true, data: new Experiment(config, built.data, device) };
  }

  get seqLen(): number {
    return this.config.seqLen;
  }

  private forward(model: SequenceModel, batch: Batch, device: RunDevice): { judged: torch.Tensor; loss: torch.Tensor } {
    const x = torch.tensor(batch.input, { shape: batch.inputShape, device });
    const out = model.forward(x, batch.lengths);
    const judged = judgedOutputs(this.task, out, batch.lengths);
    return { judged, loss: lossOf(this.task, judged, targetTensor(this.task, batch, device)) };
  }

  private undoPoint(): UndoPoint {
    return {
      step: this.step,
      params: torch.no_grad(() => this.model.parameters().map((p) => p.clone())),
      optimizer: this.optimizer.state_dict(),
      generator: torch.default_generator.get_state(),
      dataRng: this.dataRng.state(),
    };
  }

  private rollback(c: UndoPoint): void {
    this.weightsVersion += 1;
    torch.no_grad(() => this.model.parameters().forEach((p, i) => p.copy_(c.params[i]!)));
    this.optimizer.load_state_dict(c.optimizer);
    torch.default_generator.set_state(c.generator);
    this.dataRng = Rng.fromState(c.dataRng);
    this.step = c.step;
  }

  /** Runs one optimizer step on the device; the numbers it needs are read afterwards. */
  private launchStep(): PendingStep {
    const before = this.undoPoint();
    this.weightsVersion += 1;
    this.model.train();
    const batch = this.instance.drawBatch(this.config.batchSize, this.seqLen, this.dataRng);
    this.optimizer.zero_grad();
    const { judged, loss } = this.forward(this.model, batch, this.device);
    loss.backward();
    const params = this.model.parameters();
    const stats = torch.no_grad(() => {
      const zero = () => torch.zeros([], { device: this.device });
      const gradSq = params.map((p) => (p.grad === null ? zero() : p.grad.mul(p.grad).sum()));
      // max |x| is finite exactly when every entry is (NaN propagates through max); a sum of
      // squares would overflow for large finite gradients and be mistaken for an Inf.
      const gradMax = params.map((p) => (p.grad === null ? zero() : p.grad.abs().max()));
      if (this.config.clipGradNorm > 0) torch.nn.utils.clip_grad_norm_(params, this.config.clipGradNorm);
      this.optimizer.step();
      const weightMax = params.map((p) => p.abs().max());
      return torch.cat([loss.detach().reshape([1]), torch.stack(gradSq), torch.stack(gradMax), torch.stack(weightMax)]);
    });
    return { before, batch, stats, judged: judged.detach() };
  }

  /**
   * Checks the step's numbers in the order they were computed (the training loss, every gradient,
   * every parameter after the update); the first NaN or Inf rolls back to the state before the step.
   */
  private finishStep(p: PendingStep, stats: Float32Array, judged: Float32Array): StepOutcome {
    const names = this.model.named_parameters().map(([name]) => name);
    const n = names.length;
    const failAt = (where: string, value: number): StepOutcome => {
      this.rollback(p.before);
      return { ok: false, problem: { step: p.before.step + 1, where, value, lastGoodStep: p.before.step, suggestion: SUGGESTION } };
    };
    const loss = stats[0]!;
    if (!Number.isFinite(loss)) return failAt('the training loss', loss);
    for (let i = 0; i < n; i++) if (!Number.isFinite(stats[1 + n + i]!)) return failAt(`the gradient of ${names[i]}`, stats[1 + n + i]!);
    for (let i = 0; i < n; i++) if (!Number.isFinite(stats[1 + 2 * n + i]!)) return failAt(`${names[i]} after the update`, stats[1 + 2 * n + i]!);
    const paramGradNorms: Record<string, number> = {};
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const v = stats[1 + i]!;
      paramGradNorms[names[i]!] = Math.sqrt(v);
      sq += v;
    }
    this.step += 1;
    const metric = metricOf(this.task, judged, p.judged.shape, p.batch).value;
    return { ok: true, stats: { step: this.step, loss, metric, gradNorm: Math.sqrt(sq), paramGradNorms } };
  }

  /**
   * The held-out guard: a finite held-out loss makes the current state the last good one; a NaN or
   * Inf rolls the run back to the last good state and says so. (Checked at each held-out
   * evaluation, about once a second, not every step: the training-step checks cover the rest.)
   */
  checkHeldOut(heldOutLoss: number): NumericProblem | null {
    if (Number.isFinite(heldOutLoss)) {
      this.good = this.undoPoint();
      return null;
    }
    const step = this.step;
    const good = this.good;
    this.rollback(good);
    return { step, where: 'the held-out loss', value: heldOutLoss, lastGoodStep: good.step, suggestion: SUGGESTION };
  }

  /**
   * Exactly one optimizer step on a fresh batch, on whatever device the run lives: the step's few
   * numbers are read back once (on a GPU, the only wait of the step). A NaN or Inf in the loss,
   * the gradients or the updated weights rolls the run back to its state before the step and
   * reports where.
   */
  async trainStep(): Promise<StepOutcome> {
    const p = this.launchStep();
    const [stats, judged] = await Promise.all([p.stats.data(), p.judged.data()]);
    return this.finishStep(p, stats, judged);
  }

  private evaluation(): { judged: torch.Tensor; loss: torch.Tensor } {
    this.model.eval();
    const result = torch.no_grad(() => this.forward(this.model, this.evalBatch, this.device));
    this.model.train();
    return result;
  }

  /** Loss and metric on the held-out batch, without dropout. */
  async evaluate(): Promise<EvalResult> {
    const { judged, loss } = this.evaluation();
    const [l, values] = await Promise.all([loss.item_async(), judged.data()]);
    return { loss: l, ...metricOf(this.task, values, judged.shape, this.evalBatch) };
  }

  /** Number of held-out examples the probe can show. */
  get probeCount(): number {
    return this.evalBatch.inputShape[0];
  }

  /**
   * Hidden states, pre-activations and dL/dh_t of held-out example `index`, step by step; the
   * trace runs on `cpuModel()` (the model itself on the CPU, a copy of a GPU run's weights).
   */
  async probe(index: number): Promise<ProbeResult> {
    return this.probeWith(await this.cpuModel(), index);
  }

  private probeWith(model: SequenceModel, index: number): ProbeResult {
    const b = this.evalBatch;
    const [N, T, I] = b.inputShape;
    const i = Math.min(Math.max(0, Math.floor(index)), N - 1);
    const length = b.lengths?.[i] ?? T;
    const x = torch.tensor(b.input.subarray(i * T * I, (i * T + length) * I), { shape: [length, I] });
    const one = exampleBatch(b, i, length);
    const target = targetTensor(this.task, one);
    const trace = traceExample(model, x, (outputs) => {
      const judged = judgedOutputs(this.task, outputs.unsqueeze(0), [length]);
      return lossOf(this.task, judged, target);
    });
    const perStep = this.task.target === 'every_step' ? length : 1;
    const width = one.target.length / perStep;
    return {
      ...trace,
      index: i,
      length,
      target: Array.from({ length: perStep }, (_, t) => one.target.slice(t * width, (t + 1) * width)),
    };
  }

  /**
   * A CPU model holding this run's current weights (itself when the run is on the CPU): for what
   * reads a model step by step, such as probes and free-running text, without a GPU readback per step.
   * On a GPU run the copy is kept until the weights change, so the views share one readback.
   */
  async cpuModel(): Promise<SequenceModel> {
    if (this.device === 'cpu') return this.model;
    const version = this.weightsVersion;
    if (this.replica?.version === version) return this.replica.model;
    const saved = torch.default_generator.get_state();
    // Building a model draws initial weights; keep the run's random stream untouched.
    const replica = new SequenceModel(this.instance.inputSize, this.instance.outputSize, this.config.model);
    torch.default_generator.set_state(saved);
    replica.load_state_dict(Object.fromEntries(Object.entries(await this.weights()).map(([k, v]) => [k, fromPlain(v)])));
    // Labelled with the version the readback was queued at: a step launched meanwhile bumps it.
    this.replica = { version, model: replica };
    return replica;
  }

  /**
   * The largest difference between this run's outputs and the same model's outputs on the CPU, on
   * the held-out batch: 0 on the CPU; on a GPU, how far its arithmetic strays from the CPU's.
   */
  async parity(): Promise<number> {
    if (this.device === 'cpu') return 0;
    const replica = await this.cpuModel();
    const gpu = await this.evaluation().judged.data();
    replica.eval();
    const cpu = torch.no_grad(() => this.forward(replica, this.evalBatch, 'cpu').judged.toFloat32Array());
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(cpu[i]! - gpu[i]!));
    return worst;
  }

  /**
   * The held-out batch and the next `k` training batches this run will train on, drawn from a copy
   * of its data stream so the run itself does not advance: what an export hands to PyTorch.
   */
  upcomingBatches(k: number): { evalBatch: Batch; train: Batch[] } {
    const rng = Rng.fromState(this.dataRng.state());
    const train = Array.from({ length: k }, () => this.instance.drawBatch(this.config.batchSize, this.seqLen, rng));
    return { evalBatch: this.evalBatch, train };
  }

  /** Every parameter by PyTorch name, copied. */
  async weights(): Promise<Record<string, PlainArray>> {
    const named = this.model.named_parameters();
    const values = await Promise.all(named.map(([, p]) => p.data()));
    return Object.fromEntries(named.map(([name, p], i) => [name, { shape: [...p.shape], data: values[i]! }]));
  }

  /** The whole run as plain data, restorable on any device (also what a run keeps to survive a lost GPU). */
  async checkpoint(): Promise<RunCheckpoint> {
    const [weights, optimizer] = await Promise.all([this.weights(), optimizerToPlain(this.optimizer)]);
    return { step: this.step, weights, optimizer, generator: torch.default_generator.get_state(), dataRng: this.dataRng.state() };
  }

  /** Restores a checkpoint taken on any device into this run, wherever it lives. */
  restore(s: RunCheckpoint): void {
    this.weightsVersion += 1;
    this.model.load_state_dict(Object.fromEntries(Object.entries(s.weights).map(([k, v]) => [k, fromPlain(v)])));
    optimizerFromPlain(this.optimizer, s.optimizer, this.device);
    torch.default_generator.set_state(s.generator);
    this.dataRng = Rng.fromState(s.dataRng);
    this.step = s.step;
  }
}

/** Example `i` of a batch as a batch of one, cut to its valid length. */
function exampleBatch(b: Batch, i: number, length: number): Batch {
  const [, T, I] = b.inputShape;
  const perExample = b.target.length / b.inputShape[0];
  const everyStep = b.targetShape.length >= 2 && b.targetShape[1] === T;
  const rest = b.targetShape.slice(everyStep ? 2 : 1);
  const target = everyStep
    ? b.target.slice(i * perExample, i * perExample + length * (perExample / T))
    : b.target.slice(i * perExample, (i + 1) * perExample);
  return {
    input: b.input.slice(i * T * I, (i * T + length) * I),
    inputShape: [1, length, I],
    target,
    targetShape: everyStep ? [1, length, ...rest] : [1, ...rest],
    lengths: [length],
  };
}

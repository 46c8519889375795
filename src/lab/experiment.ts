/**
 * A training run, framework-free: built from a validated config, it trains one optimizer step at
 * a time, evaluates, probes one example step by step, and snapshots/restores everything (weights,
 * optimizer state, both random streams, step) so the app can step back and links can resume.
 * Same config and seed give bit-identical loss curves on the CPU.
 */
import { torch } from 'engine';
import { SequenceModel } from './model.ts';
import { judgedOutputs, lossOf, metricOf, targetTensor, type MetricValue } from './objective.ts';
import {
  fromPlain, makeOptimizer, optimizerFromPlain, optimizerToPlain, toPlain,
  type AnyOptimizer, type PlainArray, type PlainOptimizerState,
} from './optimizer.ts';
import { traceExample, type ExampleTrace } from './probes.ts';
import { Rng } from './rng.ts';
import type { ExperimentConfig } from './schema.ts';
import { TASKS, type Batch, type TaskDefinition, type TaskInstance, type TaskIssue, type TaskResult } from './tasks/index.ts';

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

/** Where a NaN or Inf appeared, and what to try. */
export interface NumericProblem {
  step: number;
  where: string;
  suggestion: string;
}

export type StepOutcome = { ok: true; stats: StepStats } | { ok: false; problem: NumericProblem };

export interface EvalResult extends MetricValue {
  loss: number;
}

export interface ExperimentSnapshot {
  step: number;
  weights: Record<string, PlainArray>;
  optimizer: PlainOptimizerState;
  generator: ReturnType<torch.Generator['get_state']>;
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

export class Experiment {
  readonly task: TaskDefinition;
  readonly model: SequenceModel;
  readonly optimizer: AnyOptimizer;
  step = 0;
  private dataRng: Rng;
  private readonly evalBatch: Batch;

  private constructor(readonly config: ExperimentConfig, readonly instance: TaskInstance) {
    this.task = TASKS[config.task];
    torch.manual_seed(config.seed);
    this.model = new SequenceModel(instance.inputSize, instance.outputSize, config.model);
    this.optimizer = makeOptimizer(this.model.parameters(), config.optimizer);
    this.dataRng = new Rng(config.seed);
    this.evalBatch = instance.sample(EVAL_SIZE, this.seqLen, new Rng(config.seed + EVAL_SEED_SALT));
  }

  /** Builds the run, or returns the task's complaints about its settings (never throws for them). */
  static create(config: ExperimentConfig): TaskResult<Experiment> {
    const built = TASKS[config.task].build({ knobs: config.knobs, ...(config.text === undefined ? {} : { text: config.text }) });
    if (!built.ok) return built;
    const range = built.data.seqLenRange;
    if (config.seqLen < range.min || config.seqLen > range.max) {
      const issue: TaskIssue = { message: `Sequence length ${config.seqLen} is outside what this data supports (${range.min}..${range.max}).` };
      return { ok: false, errors: [issue] };
    }
    return { ok: true, data: new Experiment(config, built.data) };
  }

  get seqLen(): number {
    return this.config.seqLen;
  }

  private forward(batch: Batch): { judged: torch.Tensor; loss: torch.Tensor } {
    const x = torch.tensor(batch.input, { shape: batch.inputShape });
    const out = this.model.forward(x, batch.lengths);
    const judged = judgedOutputs(this.task, out, batch.lengths);
    return { judged, loss: lossOf(this.task, judged, targetTensor(this.task, batch)) };
  }

  /**
   * Exactly one optimizer step on a fresh batch. A NaN or Inf in the loss, the gradients or the
   * updated weights rolls the run back to its state before the step and reports where.
   */
  trainStep(): StepOutcome {
    const before = this.snapshot();
    this.model.train();
    const batch = this.instance.sample(this.config.batchSize, this.seqLen, this.dataRng);
    this.optimizer.zero_grad();
    const { judged, loss } = this.forward(batch);
    const lossValue = loss.item();
    const failAt = (where: string): StepOutcome => {
      this.restore(before);
      return { ok: false, problem: { step: before.step + 1, where, suggestion: SUGGESTION } };
    };
    if (!Number.isFinite(lossValue)) return failAt(`the loss (${lossValue})`);
    loss.backward();
    const paramGradNorms: Record<string, number> = {};
    let sq = 0;
    for (const [name, p] of this.model.named_parameters()) {
      const g = p.grad?.toFloat32Array() ?? new Float32Array(0);
      let s = 0;
      for (const v of g) s += v * v;
      paramGradNorms[name] = Math.sqrt(s);
      sq += s;
    }
    const gradNorm = Math.sqrt(sq);
    const badGrad = Object.entries(paramGradNorms).find(([, n]) => !Number.isFinite(n));
    if (badGrad) return failAt(`the gradient of ${badGrad[0]}`);
    if (this.config.clipGradNorm > 0) torch.nn.utils.clip_grad_norm_(this.model.parameters(), this.config.clipGradNorm);
    this.optimizer.step();
    for (const [name, p] of this.model.named_parameters()) {
      if (!p.toFloat32Array().every(Number.isFinite)) return failAt(`the weights ${name} after the update`);
    }
    this.step += 1;
    const metric = metricOf(this.task, judged, batch).value;
    return { ok: true, stats: { step: this.step, loss: lossValue, metric, gradNorm, paramGradNorms } };
  }

  /** Loss and metric on the held-out batch, without dropout. */
  evaluate(): EvalResult {
    this.model.eval();
    const result = torch.no_grad(() => {
      const { judged, loss } = this.forward(this.evalBatch);
      return { loss: loss.item(), ...metricOf(this.task, judged, this.evalBatch) };
    });
    this.model.train();
    return result;
  }

  /** Number of held-out examples the probe can show. */
  get probeCount(): number {
    return this.evalBatch.inputShape[0];
  }

  /** Hidden states, pre-activations and dL/dh_t of held-out example `index`, step by step. */
  probe(index: number): ProbeResult {
    const b = this.evalBatch;
    const [N, T, I] = b.inputShape;
    const i = Math.min(Math.max(0, Math.floor(index)), N - 1);
    const length = b.lengths?.[i] ?? T;
    const x = torch.tensor(b.input.subarray(i * T * I, (i * T + length) * I), { shape: [length, I] });
    const one = exampleBatch(b, i, length);
    const target = targetTensor(this.task, one);
    const trace = traceExample(this.model, x, (outputs) => {
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

  /** Every parameter by PyTorch name, copied. */
  weights(): Record<string, PlainArray> {
    return Object.fromEntries(this.model.named_parameters().map(([name, p]) => [name, toPlain(p)]));
  }

  snapshot(): ExperimentSnapshot {
    return {
      step: this.step,
      weights: this.weights(),
      optimizer: optimizerToPlain(this.optimizer),
      generator: torch.default_generator.get_state(),
      dataRng: this.dataRng.state(),
    };
  }

  restore(s: ExperimentSnapshot): void {
    this.model.load_state_dict(Object.fromEntries(Object.entries(s.weights).map(([k, v]) => [k, fromPlain(v)])));
    optimizerFromPlain(this.optimizer, s.optimizer);
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

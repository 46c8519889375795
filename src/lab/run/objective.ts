/**
 * What a task is scored on: the loss the optimizer minimises and the metric the UI reports,
 * both computed from the model's per-step outputs and a batch, the same way for training,
 * evaluation and the one-example probe.
 */
import { torch } from 'engine';
import type { Batch, TaskDefinition } from '../tasks/index.ts';
import { IGNORE_INDEX } from '../tasks/index.ts';

/** The outputs the task is judged on: every step [N, T, O], or each sequence's last valid step [N, O]. */
export function judgedOutputs(task: TaskDefinition, out: torch.Tensor, lengths: readonly number[] | undefined): torch.Tensor {
  if (task.target === 'every_step') return out;
  const [N, T, O] = out.shape as [number, number, number];
  const rows = Array.from({ length: N }, (_, b) => b * T + (lengths?.[b] ?? T) - 1);
  return out.reshape([N * T, O]).index_select(0, torch.tensor(rows, { dtype: 'int64', device: out.device }));
}

/** Target tensor as the loss wants it (class indices are int64), on `device`. */
export function targetTensor(task: TaskDefinition, batch: Batch, device: torch.DeviceLike = 'cpu'): torch.Tensor {
  const dtype = task.loss === 'cross_entropy' ? 'int64' : 'float32';
  return torch.tensor(batch.target, { shape: batch.targetShape, dtype, device });
}

/** The training loss on judged outputs. */
export function lossOf(task: TaskDefinition, judged: torch.Tensor, target: torch.Tensor): torch.Tensor {
  if (task.loss === 'mse') return torch.nn.functional.mse_loss(judged, target);
  const C = judged.shape[judged.shape.length - 1]!;
  return torch.nn.functional.cross_entropy(judged.reshape([-1, C]), target.reshape([-1]), { ignore_index: IGNORE_INDEX });
}

export interface MetricValue {
  /** Mean squared error, or accuracy in [0, 1]. */
  value: number;
  /** For every-step tasks, the metric at each timestep (over the batch); else null. */
  perStep: number[] | null;
}

/**
 * The task's metric from the judged outputs' values `out` (shape `shape`): plain arithmetic, no
 * graph, so it reads the same whichever device produced them.
 */
export function metricOf(task: TaskDefinition, out: Float32Array, shape: readonly number[], batch: Batch): MetricValue {
  const target = batch.target;
  const C = shape[shape.length - 1]!;
  const everyStep = task.target === 'every_step';
  const T = everyStep ? shape[1]! : 1;
  const sums = new Float64Array(T);
  const counts = new Float64Array(T);
  if (task.metric === 'accuracy') {
    for (let r = 0; r < target.length; r++) {
      const label = target[r]!;
      if (label === IGNORE_INDEX) continue;
      let best = 0;
      for (let c = 1; c < C; c++) if (out[r * C + c]! > out[r * C + best]!) best = c;
      sums[r % T]! += best === label ? 1 : 0;
      counts[r % T]! += 1;
    }
  } else {
    for (let i = 0; i < out.length; i++) {
      const t = Math.floor(i / C) % T;
      sums[t]! += (out[i]! - target[i]!) ** 2;
      counts[t]! += 1;
    }
  }
  let total = 0;
  let count = 0;
  for (let t = 0; t < T; t++) {
    total += sums[t]!;
    count += counts[t]!;
  }
  const perStep = everyStep ? Array.from(sums, (s, t) => (counts[t]! > 0 ? s / counts[t]! : NaN)) : null;
  return { value: count > 0 ? total / count : NaN, perStep };
}

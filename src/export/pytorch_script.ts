/**
 * The exported `experiment.py`: a self-contained PyTorch script, written for a student to read,
 * that rebuilds the app's model, loss and optimizer (`src/lab/model.ts`, `objective.ts`,
 * `optimizer.ts`) with the same arguments, checks the seeded initial weights, loads the exported
 * state and data, and trains and evaluates on the same batches the app would.
 */
import type { ExperimentConfig } from '../lab/config/schema.ts';
import type { LossKind, TargetKind } from '../lab/tasks/task.ts';

/** Everything the script spells out. */
export interface ScriptSpec {
  config: ExperimentConfig;
  taskTitle: string;
  inputSize: number;
  outputSize: number;
  loss: LossKind;
  target: TargetKind;
  /** Whether batches carry per-sequence lengths (packed with `pack_padded_sequence`). */
  variableLength: boolean;
  /** The training step the exported weights are from. */
  step: number;
  /** Whether `optimizer.json` holds any state (an optimizer that has stepped). */
  optimizerState: boolean;
}

const py = (b: boolean): string => (b ? 'True' : 'False');

function modelClass(s: ScriptSpec): string {
  const m = s.config.model;
  const forward = s.variableLength
    ? `        # Sequences have different lengths: packing keeps the padding out of the RNN. Outputs past
        # a sequence's end are zeros through the head (its bias), exactly as in the app.
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return self.head(out)`
    : `        out, _ = self.rnn(x)  # out: [batch, time, ${m.bidirectional ? '2 * ' : ''}hidden]; the final hidden state is unused
        return self.head(out)`;
  return `class SequenceModel(nn.Module):
    """An Elman RNN (batch first) with a Linear head applied at every timestep, as the app builds it."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(INPUT_SIZE, HIDDEN_SIZE, num_layers=${m.numLayers}, nonlinearity=${JSON.stringify(m.nonlinearity)}, bias=${py(m.bias)},
                          batch_first=True, dropout=${m.dropout}, bidirectional=${py(m.bidirectional)})
${initLines(m.init)}        # A bidirectional RNN concatenates both directions, so the head sees ${m.bidirectional ? '2' : '1'} * HIDDEN_SIZE features.
        self.head = nn.Linear(${m.bidirectional ? 2 : 1} * HIDDEN_SIZE, OUTPUT_SIZE)

    def forward(self, x, lengths=None):
        """x: [batch, time, INPUT_SIZE] -> one output per timestep: [batch, time, OUTPUT_SIZE]."""
${forward}`;
}

/** The app's weight_hh init (src/lab/run/model.ts initRecurrent), in the same order: right after nn.RNN draws. */
function initLines(init: ExperimentConfig['model']['init']): string {
  if (init.scheme === 'default' && init.gain === 1) return '';
  const fill =
    init.scheme === 'identity' ? '                    nn.init.eye_(w)  # the IRNN of Le et al. (2015)\n'
    : init.scheme === 'orthogonal' ? '                    nn.init.orthogonal_(w)  # draws from the seeded generator, so the order matters\n'
    : '';
  const what = init.scheme === 'default' ? `PyTorch's default draw times ${init.gain}` : `${init.scheme} times ${init.gain}`;
  return `        # The recurrent weights start as ${what}, as set in the app.
        with torch.no_grad():
            for name, w in self.rnn.named_parameters():
                if name.startswith("weight_hh_"):
${fill}                    w.mul_(${init.gain})
`;
}

function lossFunction(s: ScriptSpec): string {
  const judged =
    s.target === 'every_step'
      ? '    judged = outputs  # every timestep is scored'
      : `    # Only each sequence's last valid step is scored.
    n, t, _ = outputs.shape
    last = lengths.to(outputs.device) - 1 if lengths is not None else torch.full((n,), t - 1, dtype=torch.long, device=outputs.device)
    judged = outputs[torch.arange(n, device=outputs.device), last]`;
  const loss =
    s.loss === 'mse'
      ? '    return F.mse_loss(judged, target, reduction="sum")'
      : `    # Targets are class indices; -100 marks steps that do not count (padding, warm-up).
    return F.cross_entropy(judged.reshape(-1, OUTPUT_SIZE), target.reshape(-1), ignore_index=-100, reduction="sum")`;
  const scored = s.loss === 'mse' ? '    return target.numel()' : '    return int((target != -100).sum())';
  return `def loss_sum(outputs, target, lengths):
    """The app's training loss (${s.loss === 'mse' ? 'mean squared error' : 'cross-entropy'} on ${s.target === 'every_step' ? 'every step' : 'the last step'}), summed: divided by
    scored(target) it is the mean the app shows; summed, a process's share of a batch adds up."""
${judged}
${loss}


def scored(target):
    """How many values of a batch's target count towards its mean loss."""
${scored}`;
}

function optimizerLine(c: ExperimentConfig): string {
  const { name, lr, momentum } = c.optimizer;
  if (name === 'sgd') return `torch.optim.SGD(params, lr=${lr}, momentum=${momentum})`;
  if (name === 'adam') return `torch.optim.Adam(params, lr=${lr})`;
  if (name === 'adamw') return `torch.optim.AdamW(params, lr=${lr})`;
  return `torch.optim.RMSprop(params, lr=${lr}, momentum=${momentum})`;
}

/** The script's text. */
export function pytorchScript(s: ScriptSpec): string {
  const c = s.config;
  const dropoutNote = c.model.dropout > 0 && c.model.numLayers > 1
    ? `
# Dropout between layers draws random masks: PyTorch's masks are not the browser's (and each
# process of a multi-process run draws its own), so the training losses agree with the app's
# only roughly. The held-out loss (no dropout) agrees.
`
    : '';
  return `"""
RNN Playground experiment: ${s.taskTitle}, exported at training step ${s.step}.

This file says what the experiment is: the model, loss and optimizer exactly as the app builds
them. trainer.py runs it: it
  1. shows that torch.manual_seed(${c.seed}) gives the same initial weights as the browser did,
  2. loads the app's weights (step ${s.step}) and optimizer state,
  3. trains on the batches the app would draw next (data.json), then on more from the app's
     data generator (playground_data.py), printing the loss per step, and
  4. evaluates on the held-out batch and saves a checkpoint the app can open,
so every number printed can be compared with the app's.

Run it with:  python3 experiment.py [--steps N] [--device cpu|cuda|mps] [--nproc N] [--resume]
              torchrun --nproc_per_node=N experiment.py [...]
(python3 experiment.py --help lists every option; README.txt says more.)
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import trainer

SEED = ${c.seed}
INPUT_SIZE = ${s.inputSize}
HIDDEN_SIZE = ${c.model.hiddenSize}
OUTPUT_SIZE = ${s.outputSize}
EXPORTED_STEP = ${s.step}
BATCH_SIZE = ${c.batchSize}
SEQ_LEN = ${c.seqLen}
CLIP_GRAD_NORM = ${c.clipGradNorm}  # 0: no clipping; else the most the gradients' total norm may be
${dropoutNote}

${modelClass(s)}


${lossFunction(s)}


def make_optimizer(params):
    return ${optimizerLine(c)}


def load_exported(model, optimizer):
    """The app's weights and optimizer state at step ${s.step}, by PyTorch's parameter names."""
    weights = trainer.load_json("weights.json")
    model.load_state_dict({name: torch.tensor(value, dtype=torch.float32) for name, value in weights.items()})
${s.optimizerState ? `    # The optimizer's buffers (momentum, running averages, step counts).
    state_dict = optimizer.state_dict()
    state_dict["state"] = {
        int(index): {name: torch.tensor(value, dtype=torch.float32) for name, value in buffers.items()}
        for index, buffers in trainer.load_json("optimizer.json").items()
    }
    optimizer.load_state_dict(state_dict)` : '    # The optimizer has not stepped yet, so it starts empty, as in the app.'}


class Experiment:
    """This experiment as trainer.py runs it."""

    config = trainer.load_json("experiment.json")["config"]
    seed = SEED
    exported_step = EXPORTED_STEP
    batch_size = BATCH_SIZE
    seq_len = SEQ_LEN
    clip_grad_norm = CLIP_GRAD_NORM
    # How close the initial weights from torch.manual_seed come to the browser's: ${c.model.init.scheme === 'orthogonal' ? "orthogonal_'s QR runs in float32 LAPACK here, float64 in the browser" : 'bit-exact'}.
    initial_atol = ${c.model.init.scheme === 'orthogonal' ? '1e-6' : '0.0'}
    classes = ${py(s.loss === 'cross_entropy')}  # targets are class indices
    model = SequenceModel
    loss_sum = staticmethod(loss_sum)
    scored = staticmethod(scored)
    make_optimizer = staticmethod(make_optimizer)
    load_exported = staticmethod(load_exported)


if __name__ == "__main__":
    trainer.main(Experiment)
`;
}

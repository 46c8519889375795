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
    last = lengths - 1 if lengths is not None else torch.full((n,), t - 1, dtype=torch.long)
    judged = outputs[torch.arange(n), last]`;
  const loss =
    s.loss === 'mse'
      ? '    return F.mse_loss(judged, target)'
      : `    # Targets are class indices; -100 marks steps that do not count (padding, warm-up).
    return F.cross_entropy(judged.reshape(-1, OUTPUT_SIZE), target.reshape(-1), ignore_index=-100)`;
  return `def loss_fn(outputs, target, lengths):
    """The app's training loss (${s.loss === 'mse' ? 'mean squared error' : 'cross-entropy'} on ${s.target === 'every_step' ? 'every step' : 'the last step'})."""
${judged}
${loss}`;
}

function optimizerLine(c: ExperimentConfig): string {
  const { name, lr, momentum } = c.optimizer;
  if (name === 'sgd') return `torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${momentum})`;
  if (name === 'adam') return `torch.optim.Adam(model.parameters(), lr=${lr})`;
  if (name === 'adamw') return `torch.optim.AdamW(model.parameters(), lr=${lr})`;
  return `torch.optim.RMSprop(model.parameters(), lr=${lr}, momentum=${momentum})`;
}

/** The script's text. */
export function pytorchScript(s: ScriptSpec): string {
  const c = s.config;
  const clip = c.clipGradNorm > 0
    ? `        # Rescale the gradients so their total norm is at most ${c.clipGradNorm}.
        torch.nn.utils.clip_grad_norm_(model.parameters(), ${c.clipGradNorm})
`
    : '';
  const dropoutNote = c.model.dropout > 0 && c.model.numLayers > 1
    ? `
# Dropout between layers draws random masks: PyTorch's masks are not the browser's, so the
# training losses below agree with the app's only roughly. The held-out loss (no dropout) agrees.
`
    : '';
  return `"""
RNN Playground experiment: ${s.taskTitle}, exported at training step ${s.step}.

This script rebuilds the model, loss and optimizer exactly as the app does, then
  1. shows that torch.manual_seed(${c.seed}) gives the same initial weights as the browser did,
  2. loads the app's current weights (step ${s.step}), optimizer state and data,
  3. trains on the next batches the app would draw, printing the loss per step, and
  4. evaluates on the held-out batch,
so every number printed can be compared with the app's.

Run it with:  python3 experiment.py   (needs PyTorch; reads the .json files beside it)
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))

SEED = ${c.seed}
INPUT_SIZE = ${s.inputSize}
HIDDEN_SIZE = ${c.model.hiddenSize}
OUTPUT_SIZE = ${s.outputSize}
EXPORTED_STEP = ${s.step}
${dropoutNote}

def load(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


${modelClass(s)}


${lossFunction(s)}


def tensors(batch):
    """A batch from data.json as tensors: inputs, targets and (for variable-length tasks) lengths."""
    x = torch.tensor(batch["input"], dtype=torch.float32)
    target = torch.tensor(batch["target"], dtype=${s.loss === 'mse' ? 'torch.float32' : 'torch.long'})
    lengths = torch.tensor(batch["lengths"], dtype=torch.long) if "lengths" in batch else None
    return x, target, lengths


def evaluate(model, batch):
    """Loss on the held-out batch, without dropout and without building a graph."""
    x, target, lengths = tensors(batch)
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(x, lengths), target, lengths)
    model.train()
    return loss.item()


def load_optimizer_state(optimizer, saved):
    """Puts the app's optimizer buffers (momentum, running averages, step counts) into \`optimizer\`."""
    state_dict = optimizer.state_dict()
    state_dict["state"] = {
        int(index): {name: torch.tensor(value, dtype=torch.float32) for name, value in buffers.items()}
        for index, buffers in saved.items()
    }
    optimizer.load_state_dict(state_dict)


def main():
    # 1. The same seed gives the same initial weights: the app's init is ${c.model.init.scheme === 'orthogonal' ? "PyTorch's to float rounding (orthogonal_'s QR runs in float32 LAPACK here, float64 in the browser)" : "bit-exact with PyTorch's"}.
    torch.manual_seed(SEED)
    model = SequenceModel()
    initial = load("initial_weights.json")
    same = all(${c.model.init.scheme === 'orthogonal' ? 'torch.allclose(p, torch.tensor(initial[name], dtype=torch.float32), rtol=0, atol=1e-6)' : 'torch.equal(p, torch.tensor(initial[name], dtype=torch.float32))'} for name, p in model.state_dict().items())
    print(f"initial weights from torch.manual_seed({SEED}) equal the browser's: {same}")

    # 2. The app's weights and optimizer state at step ${s.step}, by PyTorch's parameter names.
    model.load_state_dict({name: torch.tensor(value, dtype=torch.float32) for name, value in load("weights.json").items()})
    optimizer = ${optimizerLine(c)}
${s.optimizerState ? '    load_optimizer_state(optimizer, load("optimizer.json"))' : '    # The optimizer has not stepped yet, so it starts empty, as in the app.'}

    # 3. Train on the batches the app draws next (batch ${c.batchSize}, length ${c.seqLen}).
    data = load("data.json")
    print(f"held-out loss at step {EXPORTED_STEP}: {evaluate(model, data['eval']):.8g}")
    for i, batch in enumerate(data["train"]):
        x, target, lengths = tensors(batch)
        optimizer.zero_grad()
        loss = loss_fn(model(x, lengths), target, lengths)
        loss.backward()  # backpropagation through time
${clip}        optimizer.step()
        print(f"step {EXPORTED_STEP + i + 1} loss {loss.item():.8g}")

    # 4. The held-out batch after those steps.
    print(f"held-out loss at step {EXPORTED_STEP + len(data['train'])}: {evaluate(model, data['eval']):.8g}")


if __name__ == "__main__":
    main()
`;
}

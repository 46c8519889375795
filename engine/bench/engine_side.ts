/**
 * Our side of the benchmark: the training step of engine/bench/workload.ts through the public engine
 * API, written as a user would write it in PyTorch (nn.RNN / nn.LSTM / nn.GRU, nn.Linear,
 * mse_loss, optim.SGD) on the CPU backend.
 */
import { torch } from '../index.ts';
import { LEARNING_RATE, workloadData, type StepFactory, type Workload } from './workload.ts';

/** The workload's recurrent layer, and its per-step output for a time-major x. */
export function recurrentLayer(w: Workload): { module: torch.nn.Module; run: (x: torch.Tensor) => torch.Tensor } {
  const options = { num_layers: w.layers, bidirectional: w.bidirectional };
  if (w.cell === 'lstm') {
    const lstm = new torch.nn.LSTM(w.input, w.hidden, options);
    return { module: lstm, run: (x) => lstm.forward(x)[0] };
  }
  if (w.cell === 'gru') {
    const gru = new torch.nn.GRU(w.input, w.hidden, options);
    return { module: gru, run: (x) => gru.forward(x)[0] };
  }
  const rnn = new torch.nn.RNN(w.input, w.hidden, options);
  return { module: rnn, run: (x) => rnn.forward(x)[0] };
}

export const engineSide: StepFactory = (w: Workload) => {
  torch.manual_seed(0);
  const dirs = w.bidirectional ? 2 : 1;
  const rnn = recurrentLayer(w);
  const head = new torch.nn.Linear(dirs * w.hidden, w.input);
  const optimizer = new torch.optim.SGD([...rnn.module.parameters(), ...head.parameters()], { lr: LEARNING_RATE });
  const data = workloadData(w);
  const shape = [w.seq, w.batch, w.input];
  const x = torch.tensor(data.x, { shape });
  const target = torch.tensor(data.target, { shape });

  const step = (): void => {
    optimizer.zero_grad();
    const output = rnn.run(x);
    const loss = torch.nn.functional.mse_loss(head.forward(output), target);
    loss.backward();
    optimizer.step();
    loss.item();
  };
  // Tensors are garbage-collected Float32Arrays on the CPU backend: nothing to free.
  return Promise.resolve({ step, dispose: () => {} });
};

/**
 * Short training runs of LSTM and GRU against PyTorch (fixtures/gates/train.json): the layer,
 * a Linear head, MSE, and each optimizer (SGD with Nesterov momentum and weight decay, Adam with
 * amsgrad, AdamW, centered RMSprop with momentum), on every backend. Losses stay tensors until
 * the run ends, as a GPU training loop should.
 */
import { describe } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { fixtureTensor } from '../testing/fixtures.ts';
import { gatedCases, type GatedTrainCase } from '../testing/gated_fixtures.ts';
import { expectClose, TOL } from '../testing/golden.ts';

class Model extends torch.nn.Module {
  rnn: torch.nn.LSTM | torch.nn.GRU;
  head: torch.nn.Linear;
  constructor(c: GatedTrainCase) {
    super();
    const { input_size, hidden_size, proj_size, ...options } = c.args;
    this.rnn = c.kind === 'LSTM'
      ? new torch.nn.LSTM(input_size, hidden_size, { ...options, proj_size: proj_size ?? 0 })
      : new torch.nn.GRU(input_size, hidden_size, options);
    this.head = new torch.nn.Linear(c.head.in_features, c.head.out_features);
  }
  override forward(x: torch.Tensor): torch.Tensor {
    const [output] = this.rnn instanceof torch.nn.LSTM ? this.rnn.forward(x) : this.rnn.forward(x);
    return this.head.forward(output);
  }
}

function makeOptimizer(params: torch.nn.Parameter[], spec: GatedTrainCase['optimizer']): { zero_grad(): void; step(): void } {
  const { name, ...options } = spec;
  if (name === 'sgd') return new torch.optim.SGD(params, options);
  if (name === 'adam') return new torch.optim.Adam(params, options);
  if (name === 'adamw') return new torch.optim.AdamW(params, options);
  return new torch.optim.RMSprop(params, options);
}

forEachBackend(({ it, device }) => {
  describe('LSTM and GRU training matches PyTorch step by step (losses and final weights)', () => {
    for (const c of gatedCases<GatedTrainCase>('train')) {
      it(c.name, async () => {
        const model = new Model(c);
        model.load_state_dict(Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, fixtureTensor(v, torch.device('cpu'))])));
        model.to(device);
        const optimizer = makeOptimizer(model.parameters(), c.optimizer);
        const input = fixtureTensor(c.input, device);
        const target = fixtureTensor(c.target, device);
        const losses: torch.Tensor[] = [];
        for (let step = 0; step < c.steps; step++) {
          optimizer.zero_grad();
          const loss = torch.nn.functional.mse_loss(model.forward(input), target);
          losses.push(loss);
          loss.backward();
          optimizer.step();
        }
        expectClose('losses', await Promise.all(losses.map((t) => t.item_async())), { data: c.losses }, TOL.train);
        const final = model.state_dict();
        for (const [name, ref] of Object.entries(c.final_state_dict)) {
          const got = final[name];
          if (!got) throw new Error(`model has no parameter ${name}`);
          expectClose(name, await got.data(), ref, TOL.train);
        }
      });
    }
  });
});

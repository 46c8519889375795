/**
 * Short training runs against PyTorch: RNN + Linear head + MSE, SGD/Adam/RMSprop, optional
 * clipping, on every backend (see testing/backends.ts). The loop never reads a value: losses and
 * norms stay tensors until the run ends, as a GPU training loop should.
 */
import { describe } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { expectClose, loadGolden, TOL, type OptimizerSpec, type TrainCase } from '../testing/golden.ts';
import { fromGolden } from '../testing/tensors.ts';

class Model extends torch.nn.Module {
  rnn: torch.nn.RNN;
  head: torch.nn.Linear;
  constructor(c: TrainCase) {
    super();
    const { input_size, hidden_size, ...options } = c.args;
    this.rnn = new torch.nn.RNN(input_size, hidden_size, options);
    this.head = new torch.nn.Linear(c.head.in_features, c.head.out_features, { bias: c.head.bias });
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.head.forward(this.rnn.forward(x)[0]);
  }
}

function makeOptimizer(params: torch.nn.Parameter[], spec: OptimizerSpec): { zero_grad(): void; step(): void } {
  if (spec.name === 'sgd') {
    const { name: _sgd, ...options } = spec;
    return new torch.optim.SGD(params, options);
  }
  if (spec.name === 'adam') {
    const { name: _adam, ...options } = spec;
    return new torch.optim.Adam(params, options);
  }
  const { name: _rmsprop, ...options } = spec;
  return new torch.optim.RMSprop(params, options);
}

forEachBackend(({ it, device }) => {
  describe('training matches PyTorch step by step (losses and final weights)', () => {
    for (const c of loadGolden<TrainCase>('train_')) {
      it(c.name, async () => {
        const model = new Model(c).to(device);
        model.load_state_dict(c.state_dict);
        const optimizer = makeOptimizer(model.parameters(), c.optimizer);
        const input = fromGolden(c.input, false, device);
        const target = fromGolden(c.target, false, device);
        const losses: torch.Tensor[] = [];
        const norms: torch.Tensor[] = [];
        for (let step = 0; step < c.steps; step++) {
          optimizer.zero_grad();
          const loss = torch.nn.functional.mse_loss(model.forward(input), target);
          losses.push(loss);
          loss.backward();
          if (c.clip_grad_norm !== null) norms.push(torch.nn.utils.clip_grad_norm_(model.parameters(), c.clip_grad_norm));
          optimizer.step();
        }
        const read = (ts: torch.Tensor[]) => Promise.all(ts.map((t) => t.item_async()));
        expectClose('losses', await read(losses), { data: c.losses }, TOL.train);
        if (c.clip_grad_norm !== null) expectClose('grad norms', await read(norms), { data: c.grad_norms }, TOL.train);
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

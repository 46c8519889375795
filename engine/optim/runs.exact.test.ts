/**
 * Training runs against PyTorch (testing/fixtures/exactness_b/runs.json), on every backend: an
 * RNN with a Linear head and MSE, trained by optimizers with `maximize`, with learning rates
 * changed live through `param_groups`, a group added mid-run, a state_dict round trip that keeps
 * the changed lr, and every lr scheduler (the lr sequence, the losses and the final weights), also
 * when optimizer and scheduler are rebuilt halfway from their state_dicts.
 */
import { describe, expect } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { loadFixture } from '../testing/fixtures.ts';
import { expectClose, TOL, type GoldenTensor } from '../testing/golden.ts';

interface Run {
  name: string;
  losses: number[];
  lrs: number[][];
  final: Record<string, GoldenTensor>;
}
interface OptimizerRun extends Run {
  optimizer: 'Adam' | 'AdamW' | 'SGD' | 'RMSprop';
  options: Record<string, number | boolean>;
  state_dict_groups?: { lr: number; momentum: number; params: number[] }[];
}
interface SchedulerRun extends Run {
  scheduler: string;
  steps: number;
  options?: torch.optim.lr_scheduler.ReduceLROnPlateauOptions;
  sgd?: { lr: number; momentum: number };
  last_lr?: number[];
  last_epoch?: number;
}
interface RunsFixture {
  start: Record<string, GoldenTensor>;
  input: GoldenTensor;
  target: GoldenTensor;
  optimizers: OptimizerRun[];
  schedulers: SchedulerRun[];
}

const fx = loadFixture<RunsFixture>('exactness_b', 'runs');
const { lr_scheduler } = torch.optim;
type Scheduler = torch.optim.lr_scheduler.LRScheduler | torch.optim.lr_scheduler.ReduceLROnPlateau;
type AnyOptimizer = torch.optim.Optimizer<{ lr: number }>;

class Net extends torch.nn.Module {
  rnn = new torch.nn.RNN(3, 4);
  head = new torch.nn.Linear(4, 2);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.head.forward(this.rnn.forward(x)[0]);
  }
}

/** The scheduler of each fixture run, built as the fixture script built it. */
const SCHEDULERS: Record<string, (opt: AnyOptimizer, run: SchedulerRun) => Scheduler> = {
  StepLR: (opt) => new lr_scheduler.StepLR(opt, { step_size: 4, gamma: 0.5 }),
  MultiStepLR: (opt) => new lr_scheduler.MultiStepLR(opt, [2, 5, 5, 9], 0.3),
  ExponentialLR: (opt) => new lr_scheduler.ExponentialLR(opt, 0.8),
  CosineAnnealingLR: (opt) => new lr_scheduler.CosineAnnealingLR(opt, { T_max: 5, eta_min: 0.001 }),
  LambdaLR: (opt) => new lr_scheduler.LambdaLR(opt, (epoch) => 1.0 / (1 + epoch)),
  ReduceLROnPlateau: (opt, run) => new lr_scheduler.ReduceLROnPlateau(opt, run.options),
};

/**
 * Learning rates are doubles computed by the same formulas in the same order as PyTorch, so they
 * are equal; cosine ones may differ in the last bit (V8's Math.cos is not glibc's cos).
 */
function expectLrs(got: number[][], want: number[][], ulps: boolean): void {
  if (!ulps) {
    expect(got).toEqual(want);
    return;
  }
  expectClose('lrs', got.flat(), { data: want.flat() }, { atol: 0, rtol: 1e-15 });
}

forEachBackend(({ it, device }) => {
  const makeModel = (): Net => {
    const model = new Net().to(device);
    model.load_state_dict(fx.start);
    return model;
  };
  const input = () => torch.tensor(fx.input.data, { shape: fx.input.shape, device });
  const target = () => torch.tensor(fx.target.data, { shape: fx.target.shape, device });
  const stepLoss = (model: Net, opt: AnyOptimizer, x: torch.Tensor, y: torch.Tensor): torch.Tensor => {
    opt.zero_grad();
    const loss = torch.nn.functional.mse_loss(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss;
  };
  const expectRun = async (run: Run, model: Net, losses: torch.Tensor[] | number[], lrs: number[][], ulps = false) => {
    const values = await Promise.all(losses.map((l) => (typeof l === 'number' ? l : l.item_async())));
    expectClose('losses', values, { data: run.losses }, TOL.train);
    expectLrs(lrs, run.lrs, ulps);
    for (const [name, p] of Object.entries(model.state_dict())) expectClose(name, await p.data(), run.final[name]!, TOL.train);
  };
  const optimizerRun = (name: string): OptimizerRun => fx.optimizers.find((r) => r.name === name)!;

  describe('optimizer options and param_groups as PyTorch', () => {
    for (const run of fx.optimizers.filter((r) => r.name.endsWith('_maximize'))) {
      it(run.name, async () => {
        const model = makeModel();
        const params = model.parameters();
        const opt: AnyOptimizer =
          run.optimizer === 'Adam' ? new torch.optim.Adam(params, run.options)
            : run.optimizer === 'AdamW' ? new torch.optim.AdamW(params, run.options)
              : run.optimizer === 'SGD' ? new torch.optim.SGD(params, run.options)
                : new torch.optim.RMSprop(params, run.options);
        const [x, y] = [input(), target()];
        const losses = run.losses.map(() => stepLoss(model, opt, x, y));
        await expectRun(run, model, losses, run.lrs.map(() => opt.param_groups.map((g) => g.lr)));
      });
    }

    it('param_groups[i].lr assigned mid-run takes effect at the next step', async () => {
      const run = optimizerRun('sgd_groups_live_lr');
      const model = makeModel();
      const opt = new torch.optim.SGD([{ params: model.rnn.parameters() }, { params: model.head.parameters(), lr: 0.2 }], { lr: 0.05, momentum: 0.5 });
      const [x, y] = [input(), target()];
      const losses: torch.Tensor[] = [];
      const lrs: number[][] = [];
      for (let step = 0; step < run.losses.length; step++) {
        if (step === 3) opt.param_groups[1]!.lr = 0.01;
        if (step === 5) opt.param_groups[0]!.lr = 0.3;
        losses.push(stepLoss(model, opt, x, y));
        lrs.push(opt.param_groups.map((g) => g.lr));
      }
      await expectRun(run, model, losses, lrs);
      const saved = opt.state_dict().param_groups.map(({ lr, momentum, params }) => ({ lr, momentum, params }));
      expect(saved).toEqual(run.state_dict_groups);
    });

    it('add_param_group adds a group with its own lr mid-run', async () => {
      const run = optimizerRun('adam_add_param_group');
      const model = makeModel();
      model.head.requires_grad_(false);
      const opt = new torch.optim.Adam(model.rnn.parameters(), { lr: 0.02 });
      const [x, y] = [input(), target()];
      const losses: torch.Tensor[] = [];
      const lrs: number[][] = [];
      for (let step = 0; step < run.losses.length; step++) {
        if (step === 2) {
          model.head.requires_grad_(true);
          opt.add_param_group({ params: model.head.parameters(), lr: 0.05 });
        }
        losses.push(stepLoss(model, opt, x, y));
        lrs.push(opt.param_groups.map((g) => g.lr));
      }
      await expectRun(run, model, losses, lrs);
      expect(() => opt.add_param_group({ params: model.head.parameters() })).toThrow('some parameters appear in more than one parameter group');
    });

    it('state_dict keeps a group lr changed by hand, and load_state_dict restores it', async () => {
      const run = optimizerRun('adam_state_dict_keeps_lr');
      const model = makeModel();
      let opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
      const [x, y] = [input(), target()];
      const losses: torch.Tensor[] = [];
      for (let step = 0; step < run.losses.length; step++) {
        if (step === 1) opt.param_groups[0]!.lr = 0.03;
        if (step === 3) {
          const saved = opt.state_dict();
          opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
          opt.load_state_dict(saved);
        }
        losses.push(stepLoss(model, opt, x, y));
      }
      await expectRun(run, model, losses, [opt.param_groups.map((g) => g.lr)]);
    });
  });

  describe('lr schedulers over a training run match PyTorch', () => {
    for (const run of fx.schedulers) {
      const plateau = run.scheduler === 'ReduceLROnPlateau';
      const sgd = run.sgd ?? { lr: 0.1, momentum: 0.9 };
      const train = async (resumeAt: number | null): Promise<void> => {
        const model = makeModel();
        let opt: AnyOptimizer = new torch.optim.SGD(model.parameters(), sgd);
        let scheduler = SCHEDULERS[run.scheduler]!(opt, run);
        const [x, y] = [input(), target()];
        const losses: number[] = [];
        const lrs: number[][] = [];
        for (let step = 0; step < run.steps; step++) {
          if (step === resumeAt) {
            // Rebuild both from their state_dicts (through JSON, as a saved checkpoint would be).
            const saved = { opt: opt.state_dict(), scheduler: JSON.parse(JSON.stringify(scheduler.state_dict())) as Record<string, unknown> };
            opt = new torch.optim.SGD(model.parameters(), sgd);
            scheduler = SCHEDULERS[run.scheduler]!(opt, run);
            opt.load_state_dict(saved.opt);
            scheduler.load_state_dict(saved.scheduler);
          }
          const loss = await stepLoss(model, opt, x, y).item_async();
          losses.push(loss);
          if (scheduler instanceof lr_scheduler.ReduceLROnPlateau) scheduler.step(loss);
          else scheduler.step();
          lrs.push(opt.param_groups.map((g) => g.lr));
        }
        await expectRun(run, model, losses, lrs, run.scheduler === 'CosineAnnealingLR');
        expectLrs([scheduler.get_last_lr()], [lrs[lrs.length - 1]!], false);
        if (run.last_lr !== undefined) expectLrs([scheduler.get_last_lr()], [run.last_lr], run.scheduler === 'CosineAnnealingLR');
        if (!plateau && run.last_epoch !== undefined) expect((scheduler as torch.optim.lr_scheduler.LRScheduler).last_epoch).toBe(run.last_epoch);
      };
      it(run.name, () => train(null));
      it(`${run.name}, resumed from state_dicts halfway`, () => train(Math.floor(run.steps / 2)));
      it(`${run.name}, resumed from state_dicts before the first step`, () => train(0));
    }
  });
});

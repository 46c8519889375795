/** The optimizer's state_dict: a run resumed from it replays the uninterrupted run exactly. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

describe('optimizer state_dict', () => {
  it('resumes exactly from state_dict', () => {
    const run = (restoreAt: number | null): number[] => {
      torch.manual_seed(0);
      const model = new torch.nn.Linear(3, 2);
      const opt = new torch.optim.Adam(model.parameters(), { lr: 0.05 });
      const x = torch.randn([4, 3]);
      let saved: { weights: Record<string, torch.Tensor>; opt: torch.optim.OptimizerStateDict } | null = null;
      for (let step = 0; step < 6; step++) {
        if (step === restoreAt) {
          // state_dict() shares storage with the parameters, as in PyTorch: copy to keep it.
          const weights = Object.fromEntries(Object.entries(model.state_dict()).map(([k, v]) => [k, v.clone()]));
          saved = { weights, opt: opt.state_dict() };
        }
        opt.zero_grad();
        model.forward(x).pow(2).mean().backward();
        opt.step();
      }
      if (saved) {
        // Rebuild from scratch and replay the last steps from the saved state.
        const model2 = new torch.nn.Linear(3, 2);
        model2.load_state_dict(saved.weights);
        const opt2 = new torch.optim.Adam(model2.parameters(), { lr: 0.05 });
        opt2.load_state_dict(saved.opt);
        for (let step = restoreAt!; step < 6; step++) {
          opt2.zero_grad();
          model2.forward(x).pow(2).mean().backward();
          opt2.step();
        }
        return model2.weight.tolist1d();
      }
      return model.weight.tolist1d();
    };
    expect(run(3)).toEqual(run(null));
  });
});

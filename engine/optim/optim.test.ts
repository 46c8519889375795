/**
 * Optimizer rules beyond the golden training cases (which cover SGD with momentum, Adam and
 * RMSprop): one step of each variant against the update written out by hand, exact resume from
 * state_dict, clipping, and argument checks.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

/** A parameter [1, -2] with gradient [0.5, 0.25], ready for one step. */
function param(): torch.nn.Parameter {
  const p = new torch.nn.Parameter(torch.tensor([1, -2]));
  p.grad = torch.tensor([0.5, 0.25]);
  return p;
}

const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));

describe('optimizer updates', () => {
  it('SGD with weight decay and Nesterov momentum', () => {
    const p = param();
    const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.1 });
    opt.step();
    // d = g + wd*p = [0.6, 0.05]; buf = d; d' = d + 0.9*buf = 1.9*d
    close(p.tolist1d(), [1 - 0.1 * 1.9 * 0.6, -2 - 0.1 * 1.9 * 0.05]);
    expect(() => new torch.optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new torch.optim.SGD([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
  });

  it('Adam with amsgrad, and AdamW decoupled weight decay', () => {
    const a = param();
    new torch.optim.Adam([a], { lr: 0.01, amsgrad: true }).step();
    // First step: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g).
    close(a.tolist1d(), [1 - 0.01, -2 - 0.01]);
    const w = param();
    new torch.optim.AdamW([w], { lr: 0.01, weight_decay: 0.5 }).step();
    close(w.tolist1d(), [1 * (1 - 0.005) - 0.01, -2 * (1 - 0.005) - 0.01]);
    expect(() => new torch.optim.Adam([a], { betas: [1.5, 0.9] })).toThrow('Invalid beta parameter at index 0: 1.5');
  });

  it('RMSprop centered with momentum', () => {
    const p = param();
    new torch.optim.RMSprop([p], { lr: 0.01, alpha: 0.9, centered: true, momentum: 0.5, eps: 0 }).step();
    // v = 0.1 g^2, ga = 0.1 g, avg = sqrt(v - ga^2) = sqrt(0.09) |g| = 0.3 |g|; buf = g/avg
    close(p.tolist1d(), [1 - 0.01 / 0.3, -2 - 0.01 / 0.3]);
  });

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

describe('gradient clipping', () => {
  it('clip_grad_norm_ returns the total norm and scales all gradients together', () => {
    const a = param();
    const b = new torch.nn.Parameter(torch.zeros([1]));
    b.grad = torch.tensor([1]);
    const total = torch.nn.utils.clip_grad_norm_([a, b], 0.5).item();
    expect(total).toBeCloseTo(Math.sqrt(0.25 + 0.0625 + 1), 6);
    const after = Math.hypot(...a.grad!.tolist1d(), ...b.grad!.tolist1d());
    expect(after).toBeCloseTo(0.5, 5);
  });

  it('clip_grad_value_ clamps each element', () => {
    const a = param();
    torch.nn.utils.clip_grad_value_([a], 0.3);
    expect(a.grad!.tolist()).toEqual([0.30000001192092896, 0.25]);
  });
});

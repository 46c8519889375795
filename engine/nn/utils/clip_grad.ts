/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_. */
import { no_grad } from '../../autograd/grad_mode.ts';
import { check } from '../../errors.ts';
import { stack } from '../../ops/views.ts';
import { full, zeros } from '../../tensor/creation.ts';
import type { Tensor } from '../../tensor/tensor.ts';

/**
 * Scales all gradients together so their joint norm is at most `max_norm`; returns the total norm
 * before clipping (a 0-d tensor). `norm_type` 2 (default) or Infinity.
 *
 * @example
 * const total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
 */
export function clip_grad_norm_(
  parameters: Iterable<Tensor>,
  max_norm: number,
  norm_type = 2,
  error_if_nonfinite = false,
): Tensor {
  check(norm_type === 2 || norm_type === Infinity, () => `clip_grad_norm_: norm_type ${norm_type} is not supported; use 2 or Infinity`);
  const grads = [...parameters].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  return no_grad(() => {
    if (grads.length === 0) return zeros([]);
    const norms = grads.map((g) => (norm_type === Infinity ? g.abs().max() : g.mul(g).sum().sqrt()));
    const stacked = stack(norms);
    const total = norm_type === Infinity ? stacked.max() : stacked.mul(stacked).sum().sqrt();
    if (error_if_nonfinite && total.device.type === 'cpu') {
      check(Number.isFinite(total.item()), () =>
        `The total norm of order ${norm_type} for gradients from \`parameters\` is non-finite, so it cannot be clipped.`,
      );
    }
    // min(max_norm / (total + 1e-6), 1), kept on the device: no read back to the CPU.
    const coef = full([], max_norm, { device: total.device }).div(total.add(1e-6)).minimum(full([], 1, { device: total.device }));
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient element into [-clip_value, clip_value].
 *
 * @example
 * torch.nn.utils.clip_grad_value_(model.parameters(), 0.5);
 */
export function clip_grad_value_(parameters: Iterable<Tensor>, clip_value: number): void {
  no_grad(() => {
    for (const p of parameters) {
      const g = p.grad;
      if (g === null) continue;
      const hi = full([], clip_value, { device: g.device });
      g.copy_(g.minimum(hi).maximum(hi.neg()));
    }
  });
}

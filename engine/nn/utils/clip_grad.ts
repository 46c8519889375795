/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (PyTorch 2.x's rules). */
import { no_grad } from '../../autograd/grad_mode.ts';
import { check } from '../../errors.ts';
import { norm } from '../../ops/norm.ts';
import { stack } from '../../ops/views.ts';
import { bindArgs } from '../../options.ts';
import { full } from '../../tensor/creation.ts';
import { Tensor } from '../../tensor/tensor.ts';

/** What the clipping functions accept: one tensor or any iterable of them. */
export type Parameters = Tensor | Iterable<Tensor>;

const gradsOf = (parameters: Parameters): Tensor[] =>
  (parameters instanceof Tensor ? [parameters] : [...parameters]).map((p) => p.grad).filter((g): g is Tensor => g !== null);

/** A number as Python prints a float: 2 -> "2.0", Infinity -> "inf". */
const pyFloat = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : Number.isFinite(x) ? String(x) : x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan');

/**
 * Scales all gradients together so their joint `norm_type`-norm is at most `max_norm`: each by
 * `min(max_norm / (total + 1e-6), 1)`. Returns the total norm before clipping (a 0-d tensor, on the
 * gradients' device, never read back). `norm_type` is any p of `torch.norm`: 2 (default), 1,
 * Infinity, ... With `error_if_nonfinite` a NaN or infinite total is an error (PyTorch's words),
 * which needs to read the total now (CPU gradients only).
 *
 * @example
 * const total = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, Infinity); // max |g| <= 1 after
 * torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, { error_if_nonfinite: true });
 */
export function clip_grad_norm_(
  parameters: Parameters,
  max_norm: number,
  ...args: [norm_type?: number, error_if_nonfinite?: boolean] | [options: { norm_type?: number; error_if_nonfinite?: boolean }]
): Tensor {
  const { norm_type, error_if_nonfinite } = bindArgs('clip_grad_norm_', { norm_type: 2, error_if_nonfinite: false }, args);
  const grads = gradsOf(parameters);
  return no_grad(() => {
    if (grads.length === 0) return full([], 0);
    const total = norm(stack(grads.map((g) => norm(g, norm_type))), norm_type);
    if (error_if_nonfinite) {
      check(total.device.type === 'cpu', () =>
        `clip_grad_norm_(error_if_nonfinite=True) must read the total norm now, and a '${total.device}' tensor cannot be read ` +
          'synchronously: leave it off and check `await total.item_async()` yourself',
      );
      check(Number.isFinite(total.item()), () =>
        `The total norm of order ${pyFloat(norm_type)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
      );
    }
    // clamp(max_norm / (total + 1e-6), max=1), kept on the device: no read back to the CPU.
    const coef = full([], max_norm, { device: total.device }).div(total.add(1e-6)).clamp_max(1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient element into [-clip_value, clip_value], in place.
 *
 * @example
 * torch.nn.utils.clip_grad_value_(model.parameters(), 0.5); // a NaN gradient stays NaN, as in PyTorch
 */
export function clip_grad_value_(parameters: Parameters, clip_value: number): void {
  no_grad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clip_value, clip_value);
  });
}

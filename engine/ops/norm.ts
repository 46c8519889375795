/** Vector norms (`torch.norm`, `torch.linalg.vector_norm`) with PyTorch's gradient at 0 and at ties. */
import { no_grad } from '../autograd/grad_mode.ts';
import { check } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { withGrad } from './dispatch.ts';
import { keep_where } from './elementwise.ts';
import { extremeKeep, keptShape, reduceDims } from './reduce.ts';

/** 1 where a 0/1 tensor is 0, 0 where it is 1. */
const not = (mask: Tensor): Tensor => mask.neg().add(1);

/** The order of a vector norm: a number (Infinity and -Infinity included) or 'fro' (the 2-norm). */
export type NormOrd = number | 'fro';

/**
 * The p-norm of `x` over `dim` (all elements when omitted): `(sum |x|^p)^(1/p)`; p = Infinity is
 * max |x|, -Infinity min |x|, 0 the count of nonzeros, 'fro' the 2-norm. The gradient follows
 * PyTorch: 0 where the norm is 0 (p = 2 gives no NaN at the origin), and for p = ±Infinity it is
 * split evenly among the elements that tie for the extreme.
 *
 * @example
 * torch.norm(torch.tensor([[3, 4], [6, 8]]), 2, 1); // [5, 10], one norm per row
 * torch.tensor([1, -3, 3]).norm(Infinity); // 3; its gradient is [0, -0.5, 0.5]
 */
export function norm(x: Tensor, p: NormOrd = 'fro', dim?: number | readonly number[], keepdim = false): Tensor {
  const ord = p === 'fro' ? 2 : p;
  check(typeof ord === 'number' && !Number.isNaN(ord), () => `linalg.vector_norm: the order must be a number, Infinity, -Infinity or 'fro', got ${String(p)}`);
  const dims = reduceDims(x, dim);
  const kept = keptShape(x.shape, dims, true);
  const outShape = keptShape(x.shape, dims, keepdim);
  const total = no_grad(() => {
    const a = x.abs();
    if (ord === Infinity) return extremeKeep(a, dims, 'max');
    if (ord === -Infinity) return extremeKeep(a, dims, 'min');
    if (ord === 0) return not(x.eq(0)).sum(dims, true);
    if (ord === 1) return a.sum(dims, true);
    if (ord === 2) return x.mul(x).sum(dims, true).sqrt();
    return a.pow(ord).sum(dims, true).pow(1 / ord);
  });
  const out = total.reshape(outShape);
  return withGrad(out, 'NormBackward', [x], (gOut) => {
    const g = gOut.reshape(kept);
    if (ord === 0) return [x.mul(0)];
    if (ord === 1) return [x.sign().mul(g)];
    const normIsZero = total.eq(0);
    if (ord === 2) return [keep_where(x.div(total), not(normIsZero)).mul(g)];
    if (!Number.isFinite(ord)) {
      // The extreme elements (and NaNs) share the gradient evenly.
      const a = x.abs();
      const hit = a.eq(total).maximum(not(a.eq(a)));
      return [x.sign().mul(g.div(hit.sum(dims, true)).mul(hit))];
    }
    if (ord < 1) {
      const scaled = keep_where(x.sign().mul(x.abs().pow(ord - 1)), not(x.eq(0)));
      return [scaled.mul(g).mul(total.pow(1 - ord))];
    }
    const scaled = ord < 2 ? x.sign().mul(x.abs().pow(ord - 1)) : x.mul(x.abs().pow(ord - 2));
    const scale = keep_where(g.div(total.pow(ord - 1)), not(normIsZero));
    return [scaled.mul(scale)];
  });
}

/**
 * The tensor API Elman-RNN code calls, against PyTorch (testing/fixtures/exactness_b/api.json), on
 * every backend: max/min along a dim with indices (ties, NaN), clamp (bounds included, tensor
 * bounds, NaN), norm (p = 2, 1, ±inf, 0, 3, 0.5 with dims), add/sub alpha, gather, long/float
 * and torch.autograd.grad.
 */
import { describe, expect } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { expectTensorClose, fixtureTensor, loadFixture } from '../testing/fixtures.ts';
import { TOL, type GoldenTensor } from '../testing/golden.ts';

interface ApiFixture {
  max_min_input: GoldenTensor;
  max_min: { op: 'max' | 'min'; dim: number; keepdim: boolean; values: GoldenTensor; indices: GoldenTensor; seed: GoldenTensor; grad: GoldenTensor }[];
  clamp: { min: number | null; max: number | null; out: GoldenTensor; grad: GoldenTensor }[];
  clamp_tensor: Record<'x' | 'min' | 'max' | 'out' | 'grad_x' | 'grad_min' | 'grad_max', GoldenTensor>;
  norm_input: GoldenTensor;
  norm: { p: number; dim: number | number[] | null; keepdim: boolean; out: GoldenTensor; seed: GoldenTensor; grad: GoldenTensor }[];
  alpha: { op: 'add' | 'sub'; alpha: number; a: GoldenTensor; b: GoldenTensor; out: GoldenTensor; grad_a: GoldenTensor; grad_b: GoldenTensor }[];
  gather_input: GoldenTensor;
  gather: { dim: number; index: number[][]; out: GoldenTensor; grad: GoldenTensor }[];
  casts: { input: GoldenTensor; long: GoldenTensor; float_of_long: GoldenTensor };
  autograd_grad: Record<'x' | 'w' | 'grad_x' | 'grad_w' | 'grad_h' | 'seed' | 'grad_x_of_h' | 'unused_materialized', GoldenTensor>;
}

const fx = loadFixture<ApiFixture>('exactness_b', 'api');

forEachBackend(({ it, device }) => {
  const t = (g: GoldenTensor, requires_grad = false) => fixtureTensor(g, device, requires_grad);
  const close = expectTensorClose;

  describe('max/min along a dim return (values, indices) as PyTorch', () => {
    for (const c of fx.max_min) {
      it(`${c.op}(dim=${c.dim}, keepdim=${c.keepdim})`, async () => {
        const x = t(fx.max_min_input, true);
        const result = c.op === 'max' ? x.max(c.dim, c.keepdim) : torch.min(x, c.dim, c.keepdim);
        const [values, indices] = result;
        expect(result.values).toBe(values);
        expect(result.indices).toBe(indices);
        expect(indices.dtype).toBe('int64');
        await close('values', values, c.values);
        expect(Array.from(await indices.data())).toEqual(c.indices.data);
        values.backward(t(c.seed));
        await close('grad', x.grad, c.grad, TOL.grad);
      });
    }
  });

  describe('clamp matches PyTorch, gradient included', () => {
    for (const c of fx.clamp) {
      it(`clamp(min=${c.min}, max=${c.max})`, async () => {
        const x = torch.tensor([-2, -1, -0.5, 0, 0.5, 1, 2, NaN], { device, requires_grad: true });
        const y = x.clamp(c.min, c.max);
        await close('out', y, c.out);
        y.sum().backward();
        await close('grad', x.grad, c.grad);
      });
    }
    it('clamp with tensor bounds sends gradients to the bounds', async () => {
      const c = fx.clamp_tensor;
      const [x, lo, hi] = [t(c.x, true), t(c.min, true), t(c.max, true)];
      const y = torch.clamp(x, lo, hi);
      await close('out', y, c.out);
      y.sum().backward();
      await close('grad x', x.grad, c.grad_x);
      await close('grad min', lo.grad, c.grad_min);
      await close('grad max', hi.grad, c.grad_max);
    });
  });

  describe('norm matches torch.linalg.vector_norm, gradient included', () => {
    for (const c of fx.norm) {
      it(`norm(p=${c.p}, dim=${JSON.stringify(c.dim)}, keepdim=${c.keepdim})`, async () => {
        const x = t(fx.norm_input, true);
        const y = x.norm(c.p, c.dim ?? undefined, c.keepdim);
        await close('out', y, c.out);
        y.backward(t(c.seed));
        await close('grad', x.grad, c.grad, TOL.grad);
      });
    }
  });

  describe('add/sub take alpha as PyTorch keyword', () => {
    for (const c of fx.alpha) {
      it(`${c.op}(a, b, { alpha: ${c.alpha} })`, async () => {
        const [a, b] = [t(c.a, true), t(c.b, true)];
        const y = c.op === 'add' ? torch.add(a, b, { alpha: c.alpha }) : a.sub(b, { alpha: c.alpha });
        await close('out', y, c.out);
        y.sum().backward();
        await close('grad a', a.grad, c.grad_a);
        await close('grad b', b.grad, c.grad_b);
      });
    }
    it('an unknown keyword is an error, not NaN', () => {
      const a = torch.ones([2], { device });
      expect(() => a.sub(a, { alfa: 2 } as never)).toThrow("sub() got an unexpected keyword argument 'alfa'");
    });
  });

  describe('gather matches PyTorch', () => {
    for (const c of fx.gather) {
      it(`gather(dim=${c.dim})`, async () => {
        const x = t(fx.gather_input, true);
        const y = x.gather(c.dim, torch.tensor(c.index, { dtype: 'int64', device }));
        await close('out', y, c.out);
        y.sum().backward();
        await close('grad', x.grad, c.grad);
      });
    }
  });

  it('long() rounds toward zero and float() converts back', async () => {
    const x = t(fx.casts.input);
    const l = x.long();
    expect(l.dtype).toBe('int64');
    expect(Array.from(await l.data())).toEqual(fx.casts.long.data);
    const f = l.float();
    expect(f.dtype).toBe('float32');
    expect(Array.from(await f.data())).toEqual(fx.casts.float_of_long.data);
    expect(x.float()).toBe(x);
    expect(l.long()).toBe(l);
  });

  describe('torch.autograd.grad', () => {
    const c = fx.autograd_grad;
    it('returns the gradients of leaves and of an intermediate tensor, touching no .grad', async () => {
      const [x, w] = [t(c.x, true), t(c.w, true)];
      const h = x.mul(w).tanh();
      h.retain_grad();
      const y = h.mul(x).sum();
      const [gx, gw, gh] = torch.autograd.grad(y, [x, w, h], null, { retain_graph: true });
      await close('grad x', gx!, c.grad_x, TOL.grad);
      await close('grad w', gw!, c.grad_w, TOL.grad);
      await close('grad h', gh!, c.grad_h, TOL.grad);
      expect([x.grad, w.grad, h.grad]).toEqual([null, null, null]);
      // The graph was retained: a second call with explicit grad_outputs works.
      const [gxh] = torch.autograd.grad([h], [x], [t(c.seed)]);
      await close('grad x of h', gxh!, c.grad_x_of_h, TOL.grad);
    });
    it('allow_unused gives null, materialize_grads zeros (PyTorch 2.x)', async () => {
      const [x, w] = [t(c.x, true), t(c.w, true)];
      expect(torch.autograd.grad(x.sum(), [x, w], null, { allow_unused: true, retain_graph: true })[1]).toBeNull();
      const [, zeros] = torch.autograd.grad(x.sum(), [x, w], null, { materialize_grads: true });
      await close('materialized', zeros!, c.unused_materialized);
    });
  });
});

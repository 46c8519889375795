/**
 * Losses against PyTorch (testing/fixtures/exactness_b/losses.json), on every backend: ignore_index
 * on a real class id (also with inf/NaN logits there), class weights, label smoothing,
 * probability targets, every reduction, nll_loss, BCE with logits and pos_weight, one_hot, and
 * the loss modules, each through its functional form and its module.
 */
import { describe, expect } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend } from '../testing/backends.ts';
import { loadFixture } from '../testing/fixtures.ts';
import { expectClose, TOL, type GoldenTensor } from '../testing/golden.ts';

interface LossCase {
  name: string;
  fn: 'cross_entropy' | 'nll_loss' | 'binary_cross_entropy_with_logits' | 'mse_loss';
  module: 'CrossEntropyLoss' | 'NLLLoss' | 'BCEWithLogitsLoss' | 'MSELoss' | null;
  input: GoldenTensor;
  target: GoldenTensor;
  target_dtype: 'int64' | 'float32';
  options: Record<string, number | string | GoldenTensor>;
  loss: GoldenTensor;
  grad_seed: GoldenTensor | null;
  grad_input: GoldenTensor;
}

const fixture = loadFixture<{ cases: LossCase[]; one_hot: { input: torch.NestedArray; num_classes: number; out: GoldenTensor }[] }>('exactness_b', 'losses');
const F = torch.nn.functional;

const isTensor = (v: unknown): v is GoldenTensor => typeof v === 'object' && v !== null && 'shape' in v;

function options(c: LossCase, device: torch.Device): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(c.options).map(([k, v]) => [k, isTensor(v) ? torch.tensor(v.data, { shape: v.shape, device }) : v]),
  );
}

function lossOf(c: LossCase, input: torch.Tensor, target: torch.Tensor, device: torch.Device, viaModule: boolean): torch.Tensor {
  const o = options(c, device);
  if (viaModule && c.module !== null) {
    const criterion =
      c.module === 'CrossEntropyLoss' ? new torch.nn.CrossEntropyLoss(o)
        : c.module === 'NLLLoss' ? new torch.nn.NLLLoss(o)
          : c.module === 'BCEWithLogitsLoss' ? new torch.nn.BCEWithLogitsLoss(o)
            : new torch.nn.MSELoss(o);
    return criterion.forward(input, target);
  }
  if (c.fn === 'cross_entropy') return F.cross_entropy(input, target, o);
  if (c.fn === 'nll_loss') return F.nll_loss(input, target, o);
  if (c.fn === 'binary_cross_entropy_with_logits') return F.binary_cross_entropy_with_logits(input, target, o);
  return F.mse_loss(input, target, o);
}

forEachBackend(({ it, device }) => {
  describe('losses match PyTorch: value and gradient', () => {
    for (const c of fixture.cases) {
      for (const viaModule of c.module === null ? [false] : [false, true]) {
        const title = `${c.name}${viaModule ? ` (nn.${c.module})` : ''}`;
        const run = () => {
          const input = torch.tensor(c.input.data, { shape: c.input.shape, device, requires_grad: true });
          const target = torch.tensor(c.target.data, { shape: c.target.shape, device, dtype: c.target_dtype });
          return { input, loss: lossOf(c, input, target, device, viaModule) };
        };
        it(title, async () => {
          const { loss } = run();
          expect(loss.shape).toEqual(c.loss.shape);
          expectClose('loss', await loss.data(), c.loss, TOL.forward);
        });
        it(`${title}: gradient`, async () => {
          const { input, loss } = run();
          if (c.grad_seed === null) loss.backward();
          else loss.backward(torch.tensor(c.grad_seed.data, { shape: c.grad_seed.shape, device }));
          expectClose('grad', await input.grad!.data(), c.grad_input, TOL.grad);
        });
      }
    }
  });

  describe('one_hot matches PyTorch', () => {
    for (const [i, c] of fixture.one_hot.entries()) {
      it(`one_hot case ${i} (num_classes ${c.num_classes})`, async () => {
        const ids = torch.tensor(c.input, { dtype: 'int64', device });
        if (device.type !== 'cpu' && c.num_classes === -1) {
          // Inferring the class count reads the values, which a GPU tensor cannot do synchronously.
          expect(() => F.one_hot(ids)).toThrow('pass num_classes explicitly');
          return;
        }
        const hot = F.one_hot(ids, c.num_classes);
        expect(hot.dtype).toBe('int64');
        expect(hot.shape).toEqual(c.out.shape);
        expect(Array.from(await hot.data())).toEqual(c.out.data);
      });
    }
  });
});

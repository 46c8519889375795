/** torch.autograd.grad: gradients of outputs with respect to chosen inputs, returned instead of accumulated. */
import { check, fmtShape } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { full } from '../tensor/creation.ts';
import { shapesEqual } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { runBackward } from './backward.ts';

export interface GradOptions {
  /** Keep the graph for another backward (default: `create_graph`, which is always false here). */
  retain_graph?: boolean;
  /** Record the gradient computation for higher-order derivatives: not supported (false only). */
  create_graph?: boolean;
  /** Give null for an input the outputs do not depend on, instead of an error (default false). */
  allow_unused?: boolean;
  /** Give zeros instead of null for unused inputs (PyTorch 2.x; default false). */
  materialize_grads?: boolean;
}

const DEFAULTS = { retain_graph: null as boolean | null, create_graph: false, allow_unused: null as boolean | null, materialize_grads: false };

const listOf = (x: Tensor | readonly Tensor[]): readonly Tensor[] => (Array.isArray(x) ? (x as readonly Tensor[]) : [x as Tensor]);

/**
 * The gradients of `outputs` with respect to each of `inputs`, as a list in the order of
 * `inputs`. No `.grad` is touched, leaves' or `retain_grad` tensors' alike, and only the part of
 * the graph that leads to `inputs` runs. `grad_outputs` seeds each output (ones for a scalar
 * output when omitted). Hooks on the tensors passed through still run.
 *
 * @example
 * const x = torch.tensor([1, 2, 3], { requires_grad: true });
 * const [dx] = torch.autograd.grad(x.pow(2).sum(), [x]); // [2, 4, 6]; x.grad is still null
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  grad_outputs: Tensor | readonly (Tensor | null)[] | null = null,
  options: GradOptions = {},
): (Tensor | null)[] {
  const o = parseOptions('grad', DEFAULTS, options);
  check(!(o.materialize_grads && o.allow_unused === false), () =>
    `Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.`,
  );
  check(!o.create_graph, () =>
    'torch.autograd.grad: create_graph=True (higher-order gradients) is not supported by this engine; gradient formulas are not themselves differentiable',
  );
  const outs = listOf(outputs);
  const ins = listOf(inputs);
  const given = grad_outputs === null ? outs.map(() => null) : Array.isArray(grad_outputs) ? grad_outputs : [grad_outputs as Tensor];
  check(given.length === outs.length, () =>
    `grad requires one grad_output per output: got ${given.length} grad_outputs and ${outs.length} outputs`,
  );
  outs.forEach((t, i) =>
    check(t.requires_grad, () => `element ${i} of tensors does not require grad and does not have a grad_fn`),
  );
  ins.forEach((t) => check(t.requires_grad, () => 'One of the differentiated Tensors does not require grad'));
  const seeds = outs.map((t, i) => {
    const g = given[i];
    if (g === null || g === undefined) {
      check(t.numel() === 1, () => 'grad can be implicitly created only for scalar outputs');
      return full(t.shape, 1, { device: t.device });
    }
    check(shapesEqual(g.shape, t.shape), () =>
      `Mismatch in shape: grad_output[${i}] has a shape of ${fmtShape(g.shape)} and output[${i}] has a shape of ${fmtShape(t.shape)}.`,
    );
    return g;
  });
  const capture = new Map<Tensor, Tensor | null>(ins.map((t) => [t, null]));
  runBackward(outs, seeds, o.retain_graph ?? o.create_graph, capture);
  return ins.map((t) => {
    const g = capture.get(t) ?? null;
    if (g !== null) return g;
    if (o.materialize_grads) return full(t.shape, 0, { device: t.device });
    check(o.allow_unused === true, () =>
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
    return null;
  });
}

/**
 * Reverse-mode differentiation: topologically sort the graph behind a tensor, walk it in reverse
 * and accumulate gradients with `+=` (micrograd's algorithm, with PyTorch's leaf/retain_grad/hook
 * rules).
 */
import type { Storage } from '../backends/backend.ts';
import { TorchError } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { no_grad } from './grad_mode.ts';
import type { GradNode } from './node.ts';

/** Nodes whose saved values were released by a backward without `retain_graph`. */
const released = new WeakSet<GradNode>();

function topoOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>(roots);
  // Iterative DFS: RNN graphs unrolled over long sequences would overflow a recursive one.
  const stack: [Tensor, number][] = roots.map((r): [Tensor, number] => [r, 0]).reverse();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.grad_fn?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const next = inputs[i]!;
      if (next.requires_grad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/**
 * `current + g`, or `g` itself for a first gradient. One gradient may reach several tensors (add
 * passes it to both inputs, the fused RNN gives b_ih and b_hh the same one): each `.grad` must own
 * its storage, or an in-place update of one (clip_grad_norm_) would scale the other too. So a
 * storage already handed out in this pass is copied, as PyTorch's AccumulateGrad clones.
 */
function accumulate(current: Tensor | null, g: Tensor, handedOut: Set<Storage>): Tensor {
  if (current !== null) return current.add(g);
  const own = handedOut.has(g.storage) ? g.clone() : g;
  handedOut.add(own.storage);
  return own;
}

/** The tensors of `order` (inputs before outputs) from which some tensor in `targets` is reachable. */
function leadingTo(order: readonly Tensor[], targets: ReadonlyMap<Tensor, unknown>): Set<Tensor> {
  const needed = new Set<Tensor>();
  for (const t of order) if (targets.has(t) || t.grad_fn?.inputs.some((x) => needed.has(x))) needed.add(t);
  return needed;
}

/**
 * Runs backward from `roots` seeded with `gradients` (one each, same shapes). With `capture`
 * (torch.autograd.grad), the gradient of each tensor it lists is stored there instead of in any
 * `.grad`, and only the part of the graph that leads to those tensors runs.
 */
export function runBackward(
  roots: Tensor | readonly Tensor[],
  gradients: Tensor | readonly Tensor[],
  retainGraph: boolean,
  capture?: Map<Tensor, Tensor | null>,
): void {
  const rootList = Array.isArray(roots) ? (roots as readonly Tensor[]) : [roots as Tensor];
  const seeds = Array.isArray(gradients) ? (gradients as readonly Tensor[]) : [gradients as Tensor];
  const order = topoOrder(rootList);
  const needed = capture === undefined ? null : leadingTo(order, capture);
  const grads = new Map<Tensor, Tensor>();
  rootList.forEach((r, i) => grads.set(r, grads.has(r) ? grads.get(r)!.add(seeds[i]!) : seeds[i]!));
  const handedOut = new Set<Storage>();
  no_grad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      let g = grads.get(t);
      if (g === undefined || (needed !== null && !needed.has(t))) continue;
      grads.delete(t);
      for (const hook of t._hooks) g = hook(g) ?? g;
      if (capture?.has(t)) capture.set(t, g);
      const node = t.grad_fn;
      if (node === null) {
        if (capture === undefined) t.grad = accumulate(t.grad, g, handedOut).detach();
        continue;
      }
      if (t._retains_grad && capture === undefined) t.grad = accumulate(t.grad, g, handedOut).detach();
      if (released.has(node)) {
        throw new TorchError(
          'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
            'already been freed). Specify retain_graph=true if you need to backward through the graph a second time.',
        );
      }
      const inputGrads = node.backward(g);
      if (!retainGraph) released.add(node);
      node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!input.requires_grad || gi === null || gi === undefined) return;
        const prev = grads.get(input);
        grads.set(input, prev === undefined ? gi : prev.add(gi));
      });
    }
  });
}

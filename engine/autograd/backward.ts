/**
 * Reverse-mode differentiation: topologically sort the graph behind a tensor, walk it in reverse
 * and accumulate gradients with `+=` (micrograd's algorithm, with PyTorch's leaf/retain_grad/hook
 * rules, saved-tensor version checks and in-place `.grad` accumulation).
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
 * A leaf's `.grad` after one more gradient: the same tensor, added to in place (so a held
 * reference sees it), or a new one for a first gradient. A first gradient becomes `.grad` itself
 * unless its storage is one a user can see or another `.grad` already owns (the caller's
 * `gradient`, a tensor a hook returned, or a gradient add passed to two leaves), which is copied:
 * `.grad` then owns its storage, so accumulating into it never writes into anything else.
 */
function accumulateLeaf(current: Tensor | null, g: Tensor, foreign: Set<Storage>): Tensor {
  if (current !== null) return current.add_(g);
  return ownGrad(g, foreign);
}

/** A non-leaf's retained `.grad`: replaced out of place, as PyTorch does for non-leaves. */
function accumulateRetained(current: Tensor | null, g: Tensor, foreign: Set<Storage>): Tensor {
  return current !== null ? current.add(g) : ownGrad(g, foreign);
}

function ownGrad(g: Tensor, foreign: Set<Storage>): Tensor {
  const own = foreign.has(g.storage) ? g.clone() : g;
  foreign.add(own.storage);
  return own.detach();
}

const INPLACE_HINT =
  ' Hint: the tensor was changed in place (copy_, fill_, add_, mul_, an optimizer step, ...) after the ' +
  'forward pass saved it; call backward before changing it, or change a clone() instead.';

/** PyTorch's error for a saved tensor that was modified in place after the node saved it. */
function checkSavedVersions(node: GradNode): void {
  for (const { tensor, version } of node.saved) {
    const now = tensor._version;
    if (now === version) continue;
    const made = tensor.grad_fn === null ? '' : `, which is output 0 of ${tensor.grad_fn.op},`;
    throw new TorchError(
      'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        `[${tensor.type()} [${tensor.shape.join(', ')}]]${made} is at version ${now}; expected version ${version} instead.` +
        INPLACE_HINT,
    );
  }
}

const SECOND_BACKWARD =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already ' +
  'been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access ' +
  'saved tensors after calling backward.';

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
  // Storages a .grad must not take over: the caller's gradients, hook results, .grads handed out.
  const foreign = new Set<Storage>(seeds.map((g) => g.storage));
  no_grad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      let g = grads.get(t);
      if (g === undefined || (needed !== null && !needed.has(t))) continue;
      grads.delete(t);
      for (const hook of t._hooks) {
        const replaced = hook(g);
        if (replaced && replaced !== g) {
          foreign.add(replaced.storage);
          g = replaced;
        }
      }
      if (capture?.has(t)) capture.set(t, g);
      const node = t.grad_fn;
      if (node === null) {
        if (capture === undefined) t.grad = accumulateLeaf(t.grad, g, foreign);
        continue;
      }
      if (t._retains_grad && capture === undefined) t.grad = accumulateRetained(t.grad, g, foreign);
      if (node.saved.length > 0) {
        if (released.has(node)) throw new TorchError(SECOND_BACKWARD);
        checkSavedVersions(node);
        if (!retainGraph) released.add(node);
      }
      const inputGrads = node.backward(g);
      node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!input.requires_grad || gi === null || gi === undefined) return;
        const prev = grads.get(input);
        grads.set(input, prev === undefined ? gi : prev.add(gi));
      });
    }
  });
}

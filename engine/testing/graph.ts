/** Test helper: the size of the autograd graph behind a tensor. */
import type { torch } from '../index.ts';

/** Number of distinct autograd nodes reachable from `t`. */
export function graphSize(t: torch.Tensor): number {
  const seen = new Set<object>();
  const stack = [t];
  while (stack.length > 0) {
    const node = stack.pop()!.grad_fn;
    if (node === null || seen.has(node)) continue;
    seen.add(node);
    stack.push(...node.inputs);
  }
  return seen.size;
}

/** Whether operations record the autograd graph, switched off by `torch.no_grad`. */

let gradEnabled = true;

/** True when new operations record their graph for backward. */
export function is_grad_enabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording the autograd graph, like `with torch.no_grad():`.
 *
 * @example
 * torch.no_grad(() => { w.sub_(w.grad!.mul(0.1)); });
 */
export function no_grad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Runs `fn` with graph recording switched on (inside a `no_grad` region, say). */
export function enable_grad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

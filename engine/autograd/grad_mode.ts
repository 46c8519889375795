/** Whether operations record the autograd graph, switched off by `torch.no_grad`. */

let gradEnabled = true;

/** True when new operations record their graph for backward. */
export function is_grad_enabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with graph recording set to `enabled`, restoring the previous mode after. */
function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording the autograd graph, like `with torch.no_grad():`.
 *
 * @example
 * torch.no_grad(() => { w.sub_(w.grad!.mul(0.1)); });
 */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording switched on (inside a `no_grad` region, say).
 *
 * @example
 * torch.no_grad(() => torch.enable_grad(() => x.mul(2))); // recorded
 */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

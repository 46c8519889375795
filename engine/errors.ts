/**
 * Errors in PyTorch's words: the rule that was broken, the value that broke it, and what is
 * allowed. Messages are built lazily (`check(cond, () => msg)`) so hot paths pay nothing.
 */

/** Raised for bad arguments, like PyTorch's `RuntimeError`/`ValueError` on the Python side. */
export class TorchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TorchError';
  }
}

/** Throws a {@link TorchError} with the lazily built message when `cond` is false. */
export function check(cond: unknown, message: () => string): asserts cond {
  if (!cond) throw new TorchError(message());
}

/** Formats a shape as PyTorch's C++ messages print sizes: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Formats a shape as Python prints a `tensor.shape`: `torch.Size([2, 3])`. */
export function fmtSize(shape: readonly number[]): string {
  return `torch.Size(${fmtShape(shape)})`;
}

/** Formats a shape as Python prints a tuple: `(1, 2, 4)`, `(3,)`, `()`. */
export function fmtTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

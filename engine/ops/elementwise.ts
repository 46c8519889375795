/** Elementwise ops with broadcasting, each gradient rule beside its forward. */
import type { BinaryOp, UnaryOp } from '../backends/kernel_names.ts';
import { bindArgs } from '../options.ts';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.ts';
import { Tensor, type DType } from '../tensor/tensor.ts';
import { emptyTensor, runKernel, withGrad } from './dispatch.ts';
import { sumToShape } from './reduce.ts';

/** A number operand becomes a 0-d tensor on the other operand's device. */
export function asTensor(x: Tensor | number, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  const t = emptyTensor([], like.device);
  t.fill_(x);
  return t;
}

function unary(x: Tensor, op: UnaryOp): Tensor {
  return runKernel('unary', [x], x.shape, { op });
}

/** Broadcasting binary kernel without autograd: used by forwards and by gradient rules alike. */
export function binaryRaw(a: Tensor, b: Tensor, op: BinaryOp, dtype: DType = 'float32'): Tensor {
  const outShape = broadcastShapes(a.shape, b.shape);
  const attrs = {
    op,
    outShape,
    aStrides: broadcastStrides(a.shape, outShape),
    bStrides: broadcastStrides(b.shape, outShape),
  };
  return runKernel('binary', [a, b], outShape, attrs, dtype);
}

/**
 * `-x`, elementwise.
 *
 * @example
 * torch.neg(x);
 */
export function neg(x: Tensor): Tensor {
  return withGrad(unary(x, 'neg'), 'NegBackward', [x], (g) => [neg(g)]);
}

/**
 * e^x, elementwise.
 *
 * @example
 * torch.exp(x);
 */
export function exp(x: Tensor): Tensor {
  const y = unary(x, 'exp');
  return withGrad(y, 'ExpBackward', [x], (g) => [binaryRaw(g, y, 'mul')]);
}

/**
 * Natural logarithm, elementwise.
 *
 * @example
 * torch.log(p);
 */
export function log(x: Tensor): Tensor {
  return withGrad(unary(x, 'log'), 'LogBackward', [x], (g) => [binaryRaw(g, x, 'div')]);
}

/**
 * tanh, elementwise: exactly ±1 for large |x|, never NaN.
 *
 * @example
 * torch.tanh(torch.tensor([-500, 0, 500])); // [-1, 0, 1]
 */
export function tanh(x: Tensor): Tensor {
  const y = unary(x, 'tanh');
  return withGrad(y, 'TanhBackward', [x], (g) => [binaryRaw(g, y, 'tanh_backward')]);
}

/**
 * max(x, 0), elementwise; the gradient at exactly 0 is 0, as in PyTorch.
 *
 * @example
 * torch.relu(x);
 */
export function relu(x: Tensor): Tensor {
  const y = unary(x, 'relu');
  return withGrad(y, 'ReluBackward', [x], (g) => [binaryRaw(g, y, 'relu_backward')]);
}

/**
 * 1 / (1 + e^-x), elementwise, stable at both extremes.
 *
 * @example
 * torch.sigmoid(x);
 */
export function sigmoid(x: Tensor): Tensor {
  const y = unary(x, 'sigmoid');
  return withGrad(y, 'SigmoidBackward', [x], (g) => [binaryRaw(g, y, 'sigmoid_backward')]);
}

/**
 * Square root, elementwise.
 *
 * @example
 * torch.sqrt(v);
 */
export function sqrt(x: Tensor): Tensor {
  const y = unary(x, 'sqrt');
  return withGrad(y, 'SqrtBackward', [x], (g) => [binaryRaw(g, mul(y, 2), 'div')]);
}

/**
 * Absolute value, elementwise.
 *
 * @example
 * torch.abs(x);
 */
export function abs(x: Tensor): Tensor {
  return withGrad(unary(x, 'abs'), 'AbsBackward', [x], (g) => [binaryRaw(g, unary(x, 'sign'), 'mul')]);
}

/**
 * -1, 0 or 1, elementwise (no gradient).
 *
 * @example
 * torch.sign(x);
 */
export function sign(x: Tensor): Tensor {
  return unary(x, 'sign');
}

/** PyTorch's `alpha=` keyword of add and sub: a number, positionally or as `{ alpha }`. */
export type Alpha = number | { alpha?: number };

function alphaOf(fn: string, alpha: Alpha): number {
  return typeof alpha === 'number' ? alpha : bindArgs(fn, { alpha: 1 }, [alpha]).alpha;
}

/**
 * `a + alpha * b` with broadcasting; `alpha` comes positionally or as PyTorch's keyword.
 *
 * @example
 * torch.add(x, y, { alpha: 0.5 }); // x + 0.5 * y, as torch.add(x, y, alpha=0.5)
 */
export function add(a: Tensor, b: Tensor | number, alphaArg: Alpha = 1): Tensor {
  const alpha = alphaOf('add', alphaArg);
  const bt = asTensor(b, a);
  const scaled = alpha === 1 ? bt : binaryRaw(bt, asTensor(alpha, a), 'mul');
  const out = binaryRaw(a, scaled, 'add');
  return withGrad(out, 'AddBackward', [a, bt], (g) => [
    sumToShape(g, a.shape),
    sumToShape(alpha === 1 ? g : binaryRaw(g, asTensor(alpha, g), 'mul'), bt.shape),
  ]);
}

/**
 * `a - alpha * b` with broadcasting; `alpha` comes positionally or as PyTorch's keyword.
 *
 * @example
 * torch.sub(x, y, { alpha: 2 }); // x - 2 * y, as torch.sub(x, y, alpha=2)
 */
export function sub(a: Tensor, b: Tensor | number, alphaArg: Alpha = 1): Tensor {
  const alpha = alphaOf('sub', alphaArg);
  const bt = asTensor(b, a);
  const scaled = alpha === 1 ? bt : binaryRaw(bt, asTensor(alpha, a), 'mul');
  const out = binaryRaw(a, scaled, 'sub');
  return withGrad(out, 'SubBackward', [a, bt], (g) => [
    sumToShape(g, a.shape),
    sumToShape(binaryRaw(g, asTensor(-alpha, g), 'mul'), bt.shape),
  ]);
}

/**
 * `a * b` with broadcasting.
 *
 * @example
 * torch.mul(x, 0.5);
 */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const out = binaryRaw(a, bt, 'mul');
  return withGrad(out, 'MulBackward', [a, bt], (g) => [
    a.requires_grad ? sumToShape(binaryRaw(g, bt, 'mul'), a.shape) : null,
    bt.requires_grad ? sumToShape(binaryRaw(g, a, 'mul'), bt.shape) : null,
  ]);
}

/**
 * `a / b` with broadcasting.
 *
 * @example
 * torch.div(x, 2);
 */
export function div(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const out = binaryRaw(a, bt, 'div');
  return withGrad(out, 'DivBackward', [a, bt], (g) => [
    a.requires_grad ? sumToShape(binaryRaw(g, bt, 'div'), a.shape) : null,
    // d(a/b)/db = -a/b^2 = -out/b
    bt.requires_grad ? sumToShape(neg(binaryRaw(binaryRaw(g, out, 'mul'), bt, 'div')), bt.shape) : null,
  ]);
}

/**
 * `a ** exponent` with broadcasting.
 *
 * @example
 * torch.pow(diff, 2);
 */
export function pow(a: Tensor, exponent: Tensor | number): Tensor {
  const e = asTensor(exponent, a);
  const out = binaryRaw(a, e, 'pow');
  return withGrad(out, 'PowBackward', [a, e], (g) => [
    a.requires_grad
      ? sumToShape(binaryRaw(g, binaryRaw(e, binaryRaw(a, binaryRaw(e, asTensor(1, e), 'sub'), 'pow'), 'mul'), 'mul'), a.shape)
      : null,
    e.requires_grad ? sumToShape(binaryRaw(binaryRaw(g, out, 'mul'), unary(a, 'log'), 'mul'), e.shape) : null,
  ]);
}

/** Elementwise max; where both are equal the gradient is split evenly, as in PyTorch. */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return minmax(a, b, 'maximum', 'gt', 'MaximumBackward');
}

/**
 * Elementwise min; where both are equal the gradient is split evenly, as in PyTorch.
 *
 * @example
 * torch.minimum(a, b);
 */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return minmax(a, b, 'minimum', 'lt', 'MinimumBackward');
}

function minmax(a: Tensor, b: Tensor, op: 'maximum' | 'minimum', wins: 'gt' | 'lt', label: string): Tensor {
  const out = binaryRaw(a, b, op);
  return withGrad(out, label, [a, b], (g) => {
    const half = binaryRaw(binaryRaw(a, b, 'eq'), asTensor(0.5, a), 'mul');
    const aShare = binaryRaw(binaryRaw(a, b, wins), half, 'add');
    const bShare = binaryRaw(asTensor(1, a), aShare, 'sub');
    return [sumToShape(binaryRaw(g, aShare, 'mul'), a.shape), sumToShape(binaryRaw(g, bShare, 'mul'), b.shape)];
  });
}

/** Comparisons give 0/1 float tensors and no gradient. */
export function compare(a: Tensor, b: Tensor | number, op: 'gt' | 'lt' | 'ge' | 'le' | 'eq'): Tensor {
  return binaryRaw(a, asTensor(b, a), op, 'bool');
}

/**
 * `x` where `keep` is nonzero, else exactly 0, even where `x` is NaN or inf (a product with a 0/1
 * mask would give NaN there); broadcasting. The gradient is masked the same way. This is
 * `x.masked_fill(~keep, 0)`, what losses use to drop ignored positions.
 *
 * @example
 * keep_where(torch.tensor([NaN, 2]), torch.tensor([0, 1])); // [0, 2], not [NaN, 2]
 */
export function keep_where(x: Tensor, keep: Tensor): Tensor {
  const out = binaryRaw(x, keep, 'mask');
  return withGrad(out, 'MaskedFillBackward', [x], (g) => [sumToShape(binaryRaw(g, keep, 'mask'), x.shape)]);
}

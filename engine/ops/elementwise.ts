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
  return runKernel('unary', { x }, x.shape, { op });
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
  return runKernel('binary', { a, b }, outShape, attrs, dtype);
}

/**
 * `-x`, elementwise.
 *
 * @example
 * torch.neg(torch.tensor([0, 2])).tolist(); // [-0, -2]: the sign of zero flips too
 */
export function neg(x: Tensor): Tensor {
  return withGrad(unary(x, 'neg'), 'NegBackward0', [x], (g) => [neg(g)]);
}

/**
 * e^x, elementwise.
 *
 * @example
 * torch.exp(torch.tensor([0, 100])).tolist(); // [1, Infinity]: float32 overflows past ~88.7
 */
export function exp(x: Tensor): Tensor {
  const y = unary(x, 'exp');
  return withGrad(y, 'ExpBackward0', [x], (g) => [binaryRaw(g, y, 'mul')], [y]);
}

/**
 * Natural logarithm, elementwise.
 *
 * @example
 * torch.log(torch.tensor([1, 0, -1])).tolist(); // [0, -Infinity, NaN], as PyTorch
 */
export function log(x: Tensor): Tensor {
  return withGrad(unary(x, 'log'), 'LogBackward0', [x], (g) => [binaryRaw(g, x, 'div')], [x]);
}

/**
 * tanh, elementwise: exactly ±1 for large |x|, never NaN.
 *
 * @example
 * torch.tanh(torch.tensor([-500, 0, 500])); // [-1, 0, 1]
 */
export function tanh(x: Tensor): Tensor {
  const y = unary(x, 'tanh');
  return withGrad(y, 'TanhBackward0', [x], (g) => [binaryRaw(g, y, 'tanh_backward')], [y]);
}

/**
 * max(x, 0), elementwise; the gradient at exactly 0 is 0, as in PyTorch.
 *
 * @example
 * torch.relu(torch.tensor([-1, 0, NaN])).tolist(); // [0, 0, NaN]: NaN passes through
 */
export function relu(x: Tensor): Tensor {
  const y = unary(x, 'relu');
  return withGrad(y, 'ReluBackward0', [x], (g) => [binaryRaw(g, y, 'relu_backward')], [y]);
}

/**
 * 1 / (1 + e^-x), elementwise, stable at both extremes.
 *
 * @example
 * torch.sigmoid(torch.tensor([-1000, 0, 1000])).tolist(); // [0, 0.5, 1], no overflow
 */
export function sigmoid(x: Tensor): Tensor {
  const y = unary(x, 'sigmoid');
  return withGrad(y, 'SigmoidBackward0', [x], (g) => [binaryRaw(g, y, 'sigmoid_backward')], [y]);
}

/**
 * Square root, elementwise.
 *
 * @example
 * torch.sqrt(torch.tensor([4, -1])).tolist(); // [2, NaN]
 */
export function sqrt(x: Tensor): Tensor {
  const y = unary(x, 'sqrt');
  return withGrad(y, 'SqrtBackward0', [x], (g) => [binaryRaw(g, mul(y, 2), 'div')], [y]);
}

/**
 * Absolute value, elementwise.
 *
 * @example
 * torch.abs(torch.tensor([-3, -0])).tolist(); // [3, 0]
 */
export function abs(x: Tensor): Tensor {
  return withGrad(unary(x, 'abs'), 'AbsBackward0', [x], (g) => [binaryRaw(g, unary(x, 'sign'), 'mul')], [x]);
}

/**
 * -1, 0 or 1, elementwise (no gradient).
 *
 * @example
 * torch.tensor([-2, 0, 5]).sign().tolist(); // [-1, 0, 1]
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
  return withGrad(out, 'AddBackward0', [a, bt], (g) => [
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
  return withGrad(out, 'SubBackward0', [a, bt], (g) => [
    sumToShape(g, a.shape),
    sumToShape(binaryRaw(g, asTensor(-alpha, g), 'mul'), bt.shape),
  ]);
}

/**
 * `a * b` with broadcasting.
 *
 * @example
 * torch.mul(torch.ones([2, 3]), torch.tensor([1, 2, 3])).shape; // [2, 3]: the row broadcasts over the rows
 */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const out = binaryRaw(a, bt, 'mul');
  return withGrad(out, 'MulBackward0', [a, bt], (g) => [
    a.requires_grad ? sumToShape(binaryRaw(g, bt, 'mul'), a.shape) : null,
    bt.requires_grad ? sumToShape(binaryRaw(g, a, 'mul'), bt.shape) : null,
  ], [a.requires_grad && bt, bt.requires_grad && a]);
}

/**
 * `a / b` with broadcasting.
 *
 * @example
 * torch.div(torch.tensor([1, -1, 0]), 0).tolist(); // [Infinity, -Infinity, NaN], true division as PyTorch
 */
export function div(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const out = binaryRaw(a, bt, 'div');
  return withGrad(out, 'DivBackward0', [a, bt], (g) => [
    a.requires_grad ? sumToShape(binaryRaw(g, bt, 'div'), a.shape) : null,
    // d(a/b)/db = -g * ((a / b) / b), PyTorch's div_tensor_other_backward
    bt.requires_grad ? sumToShape(neg(binaryRaw(g, binaryRaw(binaryRaw(a, bt, 'div'), bt, 'div'), 'mul')), bt.shape) : null,
  ], [bt, bt.requires_grad && a]);
}

/**
 * `a ** exponent` with broadcasting. Gradients as PyTorch's: 0 for a wherever the exponent is 0
 * (even at a = 0, where exponent * a^(exponent - 1) would be 0 * inf), and 0 for the exponent
 * where a = 0 and the exponent is >= 0 (where a^e * log(a) would be 0 * -inf).
 *
 * @example
 * torch.pow(torch.tensor([-8, 4]), 0.5).tolist(); // [NaN, 2]: a fractional power of a negative is NaN
 */
export function pow(a: Tensor, exponent: Tensor | number): Tensor {
  const e = asTensor(exponent, a);
  const out = binaryRaw(a, e, 'pow');
  const label = exponent instanceof Tensor ? 'PowBackward1' : 'PowBackward0';
  return withGrad(out, label, [a, e], (g) => [
    a.requires_grad ? sumToShape(powBaseGrad(g, a, e), a.shape) : null,
    e.requires_grad ? sumToShape(powExponentGrad(g, a, e, out), e.shape) : null,
  ], [a, e, e.requires_grad && out]);
}

/** where(e == 0, 0, g * e * a^(e - 1)): PyTorch's pow_backward_self. */
function powBaseGrad(g: Tensor, a: Tensor, e: Tensor): Tensor {
  const full = binaryRaw(g, binaryRaw(e, binaryRaw(a, binaryRaw(e, asTensor(1, e), 'sub'), 'pow'), 'mul'), 'mul');
  return zeroWhere(binaryRaw(e, asTensor(0, e), 'eq'), full);
}

/** where(a == 0 & e >= 0, 0, g * a^e * log(a)): PyTorch's pow_backward_exponent. */
function powExponentGrad(g: Tensor, a: Tensor, e: Tensor, out: Tensor): Tensor {
  const full = binaryRaw(g, binaryRaw(out, unary(a, 'log'), 'mul'), 'mul');
  const zeroBase = binaryRaw(binaryRaw(a, asTensor(0, a), 'eq'), binaryRaw(e, asTensor(0, e), 'ge'), 'mul');
  return zeroWhere(zeroBase, full);
}

/**
 * `value` where `zero` is 0 and exactly 0 where it is 1 (broadcasting): a select, not a product,
 * so an infinite or NaN value at a zeroed position gives 0, as PyTorch's `where`. The
 * `relu_backward` kernel is that select (its second operand > 0 keeps the first).
 */
export function zeroWhere(zero: Tensor, value: Tensor): Tensor {
  return binaryRaw(value, binaryRaw(asTensor(1, zero), zero, 'sub'), 'relu_backward');
}

/** Elementwise max; where both are equal the gradient is split evenly, as in PyTorch. */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return minmax(a, b, 'maximum', 'gt', 'MaximumBackward0');
}

/**
 * Elementwise min; where both are equal the gradient is split evenly, as in PyTorch.
 *
 * @example
 * torch.minimum(torch.tensor([1, NaN]), torch.tensor([2, 0])).tolist(); // [1, NaN]: NaN propagates
 */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return minmax(a, b, 'minimum', 'lt', 'MinimumBackward0');
}

function minmax(a: Tensor, b: Tensor, op: 'maximum' | 'minimum', wins: 'gt' | 'lt', label: string): Tensor {
  const out = binaryRaw(a, b, op);
  return withGrad(out, label, [a, b], (g) => {
    const half = binaryRaw(binaryRaw(a, b, 'eq'), asTensor(0.5, a), 'mul');
    const aShare = binaryRaw(binaryRaw(a, b, wins), half, 'add');
    const bShare = binaryRaw(asTensor(1, a), aShare, 'sub');
    return [sumToShape(binaryRaw(g, aShare, 'mul'), a.shape), sumToShape(binaryRaw(g, bShare, 'mul'), b.shape)];
  }, [a, b]);
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

/** Elementwise kernels: fill, unary maps and broadcasting binary maps. */
import type { BinaryOp, UnaryOp } from '../../kernel_names.ts';
import { arg, type CpuKernel } from './kernel.ts';

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  relu: (x) => (x > 0 ? x : 0),
  // Split by sign so exp never overflows for large |x|.
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  reciprocal: (x) => 1 / x,
  // An integer has no -0: trunc(-0.2) is 0.
  trunc: (x) => Math.trunc(x) + 0,
};

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a > b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a < b || Number.isNaN(a) ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  tanh_backward: (g, y) => g * (1 - y * y),
  relu_backward: (g, y) => (y > 0 ? g : 0),
  sigmoid_backward: (g, y) => g * y * (1 - y),
  mask: (a, b) => (b !== 0 ? a : 0),
};

export const fill: CpuKernel<'fill'> = (_inputs, outputs, { value }) => {
  arg(outputs, 0).fill(value);
};

export const unary: CpuKernel<'unary'> = (inputs, outputs, { op }) => {
  const a = arg(inputs, 0);
  const out = arg(outputs, 0);
  const f = unaryFns[op];
  for (let i = 0; i < out.length; i++) out[i] = f(a[i]!);
};

export const binary: CpuKernel<'binary'> = (inputs, outputs, { op, outShape, aStrides, bStrides }) => {
  const a = arg(inputs, 0);
  const b = arg(inputs, 1);
  const out = arg(outputs, 0);
  const f = binaryFns[op];
  const n = out.length;
  const rank = outShape.length;
  // Fast paths: same shape, or one side a single broadcast value.
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
    return;
  }
  // General broadcast: walk the output index like an odometer, tracking both input offsets.
  const idx = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ai]!, b[bi]!);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      ai += aStrides[d]!;
      bi += bStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      ai -= aStrides[d]! * outShape[d]!;
      bi -= bStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
};

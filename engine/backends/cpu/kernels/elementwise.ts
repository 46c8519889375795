/** Elementwise kernels: fill, unary maps and broadcasting binary maps. */
import type { BinaryOp, UnaryOp } from '../../kernel_names.ts';
import { tanhWasm } from '../wasm/elementwise_wasm.ts';
import type { CpuKernel } from './kernel.ts';

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  // x < 0 is false for NaN (and -0): NaN and -0 pass through, as PyTorch's clamp_min(x, 0).
  relu: (x) => (x < 0 ? 0 : x),
  // Split by sign so exp never overflows for large |x|.
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  sqrt: Math.sqrt,
  abs: Math.abs,
  // PyTorch computes (0 < x) - (x < 0): 0 for NaN.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  reciprocal: (x) => 1 / x,
  // An integer has no -0: trunc(-0.2) is 0.
  trunc: (x) => Math.trunc(x) + 0,
};

/**
 * C's pow, which PyTorch calls: 1 for a base of 1 or an exponent of 0 whatever the other operand
 * (NaN included), and 1 for (-1) ** ±inf, where Math.pow says NaN.
 */
function powC(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: powC,
  maximum: (a, b) => (a > b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a < b || Number.isNaN(a) ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  tanh_backward: (g, y) => g * (1 - y * y),
  // PyTorch's threshold_backward: y <= 0 ? 0 : g, so a NaN output passes its gradient through.
  relu_backward: (g, y) => (y <= 0 ? 0 : g),
  sigmoid_backward: (g, y) => g * y * (1 - y),
  mask: (a, b) => (b !== 0 ? a : 0),
};

/**
 * Dedicated loops for the ops a training step runs most (parameter updates, losses, biases):
 * each loop is its own function, so V8 compiles the arithmetic inline instead of calling an op
 * from a shared table per element (and boxing each result).
 */
interface BinaryLoops {
  same(a: Float32Array, b: Float32Array, out: Float32Array, n: number): void;
  scalarB(a: Float32Array, b: number, out: Float32Array, n: number): void;
  /** b is one row of w floats, broadcast over a's rows (a bias). */
  rowB(a: Float32Array, b: Float32Array, out: Float32Array, n: number, w: number): void;
}

const fastLoops: Partial<Record<BinaryOp, BinaryLoops>> = {
  add: {
    same: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; },
    scalarB: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! + b; },
    rowB: (a, b, out, n, w) => { for (let r = 0; r < n; r += w) for (let j = 0; j < w; j++) out[r + j] = a[r + j]! + b[j]!; },
  },
  sub: {
    same: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; },
    scalarB: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! - b; },
    rowB: (a, b, out, n, w) => { for (let r = 0; r < n; r += w) for (let j = 0; j < w; j++) out[r + j] = a[r + j]! - b[j]!; },
  },
  mul: {
    same: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; },
    scalarB: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! * b; },
    rowB: (a, b, out, n, w) => { for (let r = 0; r < n; r += w) for (let j = 0; j < w; j++) out[r + j] = a[r + j]! * b[j]!; },
  },
  div: {
    same: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; },
    scalarB: (a, b, out, n) => { for (let i = 0; i < n; i++) out[i] = a[i]! / b; },
    rowB: (a, b, out, n, w) => { for (let r = 0; r < n; r += w) for (let j = 0; j < w; j++) out[r + j] = a[r + j]! / b[j]!; },
  },
};

export const fill: CpuKernel<'fill'> = (_inputs, { out }, { value }) => {
  out.fill(value);
};

export const unary: CpuKernel<'unary'> = ({ x: a }, { out }, { op }) => {
  if (op === 'tanh' && tanhWasm(a, out)) return;
  const f = unaryFns[op];
  for (let i = 0; i < out.length; i++) out[i] = f(a[i]!);
};

export const binary: CpuKernel<'binary'> = ({ a, b }, { out }, { op, outShape, aStrides, bStrides }) => {
  const f = binaryFns[op];
  const n = out.length;
  const rank = outShape.length;
  const loops = fastLoops[op];
  if (loops) {
    if (a.length === n && b.length === n) return loops.same(a, b, out, n);
    if (b.length === 1 && a.length === n) return loops.scalarB(a, b[0]!, out, n);
    const w = b.length;
    if (a.length === n && rank > 0 && w === outShape[rank - 1] && bStrides[rank - 1] === 1 && bStrides.every((s, d) => d === rank - 1 || s === 0)) {
      return loops.rowB(a, b, out, n, w);
    }
  }
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

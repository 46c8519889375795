/** Matrix products with PyTorch's `matmul` rules (1-D promotion, batch broadcasting), and `linear`. */
import { no_grad } from '../autograd/grad_mode.ts';
import { check, TorchError } from '../errors.ts';
import { broadcastShapes, numelOf, type Shape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { runKernel, withGrad } from './dispatch.ts';
import { sumToShape } from './reduce.ts';

/**
 * Raw batched product without autograd: a is [batchA, rows, cols] (batchA 1 or `batch`), likewise
 * b; the trans flags say the stored matrices are transposed. Returns [batch * m, n] data.
 */
function gemm(a: Tensor, b: Tensor, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean, outShape: Shape): Tensor {
  const aBatchStride = a.numel() === m * k ? 0 : m * k;
  const bBatchStride = b.numel() === k * n ? 0 : k * n;
  return runKernel('matmul', { a, b }, outShape, { batch, m, k, n, transA, transB, aBatchStride, bBatchStride });
}

/** `a @ b` for 2-D a [m, k] and b [k, n], optionally transposed in storage; no autograd. */
export function mmRaw(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  const m = transA ? a.shape[1]! : a.shape[0]!;
  const k = transA ? a.shape[0]! : a.shape[1]!;
  const n = transB ? b.shape[0]! : b.shape[1]!;
  return gemm(a, b, 1, m, k, n, transA, transB, [m, n]);
}

/**
 * The inner sizes of a matrix product of a [..., m, k] and b [..., k2, n] must agree; the error
 * reads as PyTorch's for the product it folds the call into: a single mm when one side is a
 * matrix (a's batch folded into its rows, or, for a matrix times a batch, the transposed batch
 * folded into rows), else a bmm over the broadcast batch.
 */
function checkInner(aShape: Shape, bShape: Shape): void {
  const [m, k] = aShape.slice(-2) as [number, number];
  const [k2, n] = bShape.slice(-2) as [number, number];
  if (k === k2) return;
  const batchA = aShape.slice(0, -2);
  const batchB = bShape.slice(0, -2);
  if (bShape.length === 2) {
    throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (${numelOf(batchA) * m}x${k} and ${k2}x${n})`);
  }
  if (aShape.length === 2) {
    throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (${numelOf(batchB) * n}x${k2} and ${k}x${m})`);
  }
  const count = numelOf(broadcastShapes(batchA, batchB));
  throw new TorchError(
    `Expected size for first two dimensions of batch2 tensor to be: [${count}, ${k}] but got: [${count}, ${k2}].`,
  );
}

/**
 * Matrix product with PyTorch's broadcasting rules.
 *
 * @example
 * const y = torch.randn([5, 3, 4]).matmul(torch.randn([4, 2])); // shape [5, 3, 2]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length;
  const rb = b.shape.length;
  check(ra > 0 && rb > 0, () => `both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  if (ra === 1 && rb === 1) {
    check(a.shape[0] === b.shape[0], () =>
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
    return a.unsqueeze(0).matmul(b.unsqueeze(1)).reshape([]);
  }
  if (ra === 1) return a.unsqueeze(0).matmul(b).squeeze(-2);
  if (rb === 1) {
    // PyTorch folds the batch into the matrix and runs mv, whose check reads like this.
    const rows = numelOf(a.shape.slice(0, -1));
    const k = a.shape[ra - 1]!;
    check(k === b.shape[0], () => `size mismatch, got input (${rows}), mat (${rows}x${k}), vec (${b.shape[0]})`);
    return a.matmul(b.unsqueeze(1)).squeeze(-1);
  }
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  checkInner(a.shape, b.shape);
  if (rb === 2) {
    // Fold a's batch into its rows: one [rows, k] x [k, n] product (the Linear case).
    const rows = numelOf(batchA) * m;
    const out = no_grad(() => mmRaw(a.reshape([rows, k]), b).reshape([...batchA, m, n]));
    return withGrad(out, 'MmBackward0', [a, b], (g) => {
      const g2 = g.reshape([rows, n]);
      return [
        a.requires_grad ? mmRaw(g2, b, false, true).reshape(a.shape) : null,
        b.requires_grad ? mmRaw(a.reshape([rows, k]), g2, true, false) : null,
      ];
    }, [a.requires_grad && b, b.requires_grad && a]);
  }
  const batch = broadcastShapes(batchA, batchB);
  const count = numelOf(batch);
  const aa = numelOf(batchA) === 1 || numelOf(batchA) === count ? a : a.expand([...batch, m, k]);
  const bb = numelOf(batchB) === 1 || numelOf(batchB) === count ? b : b.expand([...batch, k, n]);
  const out = gemm(aa, bb, count, m, k, n, false, false, [...batch, m, n]);
  return withGrad(out, 'BmmBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(gemm(g, bb, count, m, n, k, false, true, [...batch, m, k]), a.shape) : null,
    b.requires_grad ? sumToShape(gemm(aa, g, count, k, m, n, true, false, [...batch, k, n]), b.shape) : null,
  ], [a.requires_grad && b, b.requires_grad && a]);
}

/**
 * `x W^T + b` over the last dim of any-rank x, as `torch.nn.functional.linear`; weight is
 * [out, in], used in place (no transposed copy) in both directions.
 *
 * @example
 * const y = torch.nn.functional.linear(torch.randn([2, 3]), torch.randn([4, 3])); // [2, 4]
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const inF = weight.shape[1]!;
  const outF = weight.shape[0]!;
  const lead = x.shape.slice(0, -1);
  check(x.shape.length > 0 && x.shape[x.shape.length - 1] === inF, () =>
    `mat1 and mat2 shapes cannot be multiplied (${numelOf(lead)}x${x.shape[x.shape.length - 1] ?? 1} and ${inF}x${outF})`,
  );
  const rows = numelOf(lead);
  const x2 = no_grad(() => x.reshape([rows, inF]));
  const out = no_grad(() => {
    const y = mmRaw(x2, weight, false, true);
    return (bias === null ? y : y.add(bias)).reshape([...lead, outF]);
  });
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return withGrad(out, 'AddmmBackward0', inputs, (g) => {
    const g2 = g.reshape([rows, outF]);
    return [
      x.requires_grad ? mmRaw(g2, weight).reshape(x.shape) : null,
      weight.requires_grad ? mmRaw(g2, x2, true, false) : null,
      bias?.requires_grad ? g2.sum(0) : null,
    ];
  }, [weight.requires_grad && x, x.requires_grad && weight]);
}

/**
 * Plain data: tensors as a shape and a copied Float32Array, which cross the worker boundary
 * (structured clone), go into checkpoints and exports, and are what the charts draw. Everything
 * that leaves a run as numbers is built from these.
 */
import { torch } from 'engine';

/** A tensor as plain data (copied). */
export interface PlainArray {
  shape: number[];
  data: Float32Array;
}

/** `t`'s values, copied off its device (CPU tensors; `t.data()` reads any device). */
export function toPlain(t: torch.Tensor): PlainArray {
  return { shape: [...t.shape], data: t.toFloat32Array() };
}

/** A fresh tensor on `device` holding a copy of `p`. */
export function fromPlain(p: PlainArray, device: torch.DeviceLike = 'cpu'): torch.Tensor {
  return torch.tensor(Float32Array.from(p.data), { shape: p.shape, device });
}

/**
 * What the worker sends the page: plain data (typed arrays, numbers, names), never tensors. The
 * store keeps these and every chart reads them; this file is the contract between the lab
 * (worker side) and the UI.
 */
import type { PlainArray } from './optimizer.ts';
import type { ProbeResult, RunDevice } from './experiment.ts';

/** One point of the training curves. */
export interface TrainingPoint {
  step: number;
  loss: number;
  metric: number;
  /** Total gradient norm before clipping. */
  gradNorm: number;
  /** Held-out loss and metric, when evaluated at this step. */
  evalLoss?: number;
  evalMetric?: number;
}

/** ||dL/dh_t|| per timestep for each layer and direction of the probed example, at one training step. */
export interface GradientHistoryRow {
  step: number;
  /** Keyed by `layerKey(layer, direction)`; each array has one norm per timestep. */
  norms: Record<string, number[]>;
}

/** Spectral radius (largest |eigenvalue|) of each W_hh at one training step. */
export interface SpectralPoint {
  step: number;
  /** Keyed by `layerKey(layer, direction)`. */
  radius: Record<string, number>;
}

/** `l0`, `l0_reverse`, `l1`...: the suffix PyTorch uses in parameter names. */
export function layerKey(layer: number, direction: number): string {
  return `l${layer}${direction === 1 ? '_reverse' : ''}`;
}

/** Everything the views show about the run at its current step. */
export interface RunSnapshot {
  step: number;
  /** Training curve points, oldest first (the worker may thin very long runs). */
  history: TrainingPoint[];
  gradientHistory: GradientHistoryRow[];
  spectral: SpectralPoint[];
  /** Parameters by PyTorch name (weight_ih_l0, ..., head.weight). */
  weights: Record<string, PlainArray>;
  /** Latest gradient norm per parameter. */
  paramGradNorms: Record<string, number>;
  /** The selected held-out example, step by step. */
  probe: ProbeResult;
  /** Free-running text from the model (text tasks only). */
  sample?: string;
}

/** Where the run trains, for the backend readout. */
export interface BackendStatus {
  device: RunDevice;
  /** The adapter in words on WebGPU ("google swiftshader ..."), else null. */
  adapter: string | null;
  /**
   * Largest |CPU - GPU| difference of the outputs on the held-out batch at the last detail
   * refresh (`Experiment.parity`); null on the CPU or before the first refresh.
   */
  parity: number | null;
  /** CPU threads the engine runs on (torch.get_num_threads): several in a cross-origin-isolated page. */
  threads: number;
}

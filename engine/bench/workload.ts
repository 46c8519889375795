/**
 * The training step every side of the benchmark runs, and its FLOP count. One step: a recurrent
 * layer (an Elman RNN with tanh, an LSTM or a GRU) over a time-major batch x [T, N, I], a Linear head from its output back to I features at
 * every timestep, the mean squared error against a target [T, N, I], backward through time, and a
 * plain SGD update of every parameter.
 */

/** The recurrent layer of a workload: nn.RNN (tanh), nn.LSTM or nn.GRU. */
export type Cell = 'rnn' | 'lstm' | 'gru';

/** Gate blocks per cell: the weight matrices are this many times [H, in] and [H, H]. */
export const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface Workload {
  name: string;
  cell: Cell;
  input: number;
  hidden: number;
  layers: number;
  bidirectional: boolean;
  batch: number;
  seq: number;
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'S', cell: 'rnn', input: 4, hidden: 32, layers: 1, bidirectional: false, batch: 16, seq: 20 },
  { name: 'M', cell: 'rnn', input: 8, hidden: 64, layers: 2, bidirectional: true, batch: 32, seq: 50 },
  { name: 'L', cell: 'rnn', input: 16, hidden: 256, layers: 2, bidirectional: false, batch: 64, seq: 100 },
  { name: 'LSTM-S', cell: 'lstm', input: 4, hidden: 32, layers: 1, bidirectional: false, batch: 16, seq: 20 },
  { name: 'LSTM-M', cell: 'lstm', input: 8, hidden: 64, layers: 2, bidirectional: true, batch: 32, seq: 50 },
  { name: 'GRU-S', cell: 'gru', input: 4, hidden: 32, layers: 1, bidirectional: false, batch: 16, seq: 20 },
  { name: 'GRU-M', cell: 'gru', input: 8, hidden: 64, layers: 2, bidirectional: true, batch: 32, seq: 50 },
];

/** The SGD learning rate: small, so many timed steps keep the numbers in a normal range. */
export const LEARNING_RATE = 0.01;

/**
 * Matrix-multiply FLOPs of one training step (elementwise work, a few percent here, is left out).
 *
 * With D = 2 directions when bidirectional else 1, g gate blocks (1 for the RNN, 4 for LSTM, 3
 * for GRU) and layer l reading in_l features (in_0 = I, in_l = D * H after), the forward pass costs
 *   F = sum_l D * 2 * T * N * g * (in_l * H + H * H)  +  2 * T * N * (D * H) * I
 *       (input projection + recurrence per layer and direction, then the Linear head),
 * and backward is counted as two products per forward product (one for the gradient of each
 * operand), the usual convention: a step is 3 * F.
 */
export function stepFlops(w: Workload): number {
  const dirs = w.bidirectional ? 2 : 1;
  const rows = w.seq * w.batch;
  let forward = 0;
  for (let l = 0; l < w.layers; l++) {
    const inSize = l === 0 ? w.input : dirs * w.hidden;
    forward += dirs * 2 * rows * GATES[w.cell] * (inSize * w.hidden + w.hidden * w.hidden);
  }
  forward += 2 * rows * dirs * w.hidden * w.input;
  return 3 * forward;
}

/** Deterministic inputs and targets in [-1, 1), [T * N * I] time-major, the same for every side. */
export function workloadData(w: Workload): { x: Float32Array; target: Float32Array } {
  const length = w.seq * w.batch * w.input;
  let s = 12345;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
  return { x: Float32Array.from({ length }, next), target: Float32Array.from({ length }, next) };
}

/** One side of the benchmark: builds the model for a workload and returns a function running one step. */
export type StepFactory = (w: Workload) => Promise<{ step: () => void; dispose: () => void }>;

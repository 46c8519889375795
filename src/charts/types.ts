/** Props vocabulary the charts share with the app shell. */

/** One cell of the unrolled network: a layer, a direction (0 forward, 1 reverse), a timestep. */
export interface CellSelection {
  layer: number;
  direction: number;
  t: number;
}

/**
 * Where training stopped because a number went NaN or ±Infinity (a `NumericProblem`): the step
 * that failed, the value, and what took it first ("the gradient of rnn.weight_hh_l0").
 */
export interface StoppedAt {
  step: number;
  value: number;
  where: string;
}

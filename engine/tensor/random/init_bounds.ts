/**
 * The bounds PyTorch's `reset_parameters` passes to `uniform_`, computed in doubles exactly as
 * Python does, so the float32 casts inside `uniform_` see the same numbers.
 */

/**
 * Bound of `kaiming_uniform_(w, a=sqrt(5))` (Linear's weight):
 * `gain = sqrt(2 / (1 + a^2))`, `bound = sqrt(3) * (gain / sqrt(fan_in))`.
 *
 * @example
 * kaimingUniformBound(5); // 0.44721359549995787, so the weight is U(-0.447, 0.447)
 */
export function kaimingUniformBound(fanIn: number): number {
  // PyTorch warns and leaves an empty tensor alone; any bound works for zero elements.
  if (fanIn === 0) return 0;
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2.0 / (1 + a ** 2));
  const std = gain / Math.sqrt(fanIn);
  return Math.sqrt(3.0) * std;
}

/**
 * Bound of Linear's bias init: `1 / sqrt(fan_in)`, or 0 when fan_in is 0.
 *
 * @example
 * linearBiasBound(4); // 0.5
 */
export function linearBiasBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}

/**
 * Bound of RNN and RNNCell init, `1 / sqrt(hidden_size)` (0 when hidden_size is 0): every
 * parameter, in state_dict order, is drawn from U(-bound, bound).
 *
 * @example
 * rnnInitBound(4); // 0.5
 */
export function rnnInitBound(hiddenSize: number): number {
  return hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
}

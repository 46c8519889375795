/**
 * The benchmark's TensorFlow.js peer for the LSTM and GRU workloads, with TensorFlow.js's own
 * layers: `tf.layers.lstm` or `tf.layers.gru`, in `tf.layers.bidirectional` (directions
 * concatenated) when bidirectional, stacked; then a Linear head on every timestep, mean squared
 * error, gradients by `optimizer.minimize` and plain SGD, as engine/bench/workload.ts describes.
 * TensorFlow.js's GRU has only Keras's reset-before form, (r h) W_hn^T where PyTorch computes
 * r (h W_hn^T + b_hn): the same products per step, so the same work. Keras layers are
 * batch-major, so x and the target are transposed once, before timing.
 */
import * as tf from '@tensorflow/tfjs';
import { LEARNING_RATE, workloadData, type StepFactory, type Workload } from './workload.ts';

/** One stacked recurrent layer of the workload, returning every timestep. */
function gatedLayer(w: Workload): tf.layers.Layer {
  const options = { units: w.hidden, returnSequences: true };
  const layer = (): tf.layers.Layer => (w.cell === 'lstm' ? tf.layers.lstm(options) : tf.layers.gru(options));
  return w.bidirectional ? tf.layers.bidirectional({ layer: layer() as tf.RNN, mergeMode: 'concat' }) : layer();
}

/** The LSTM or GRU workload on the current tfjs backend (selected by the caller). */
export const tfjsGatedSide: StepFactory = (w: Workload) => {
  const { seq: T, batch: N, input: I, hidden: H } = w;
  const dirs = w.bidirectional ? 2 : 1;
  const layers = Array.from({ length: w.layers }, () => gatedLayer(w));
  const bound = 1 / Math.sqrt(dirs * H);
  const headW = tf.variable(tf.randomUniform([dirs * H, I], -bound, bound, 'float32', 7));
  const headB = tf.variable(tf.randomUniform([I], -bound, bound, 'float32', 8));
  const data = workloadData(w);
  const batchMajor = (values: Float32Array) => tf.tidy(() => tf.tensor3d(values, [T, N, I]).transpose([1, 0, 2]));
  const x = batchMajor(data.x);
  const target = batchMajor(data.target).reshape([N * T, I]);
  const optimizer = tf.train.sgd(LEARNING_RATE);

  const loss = (): tf.Scalar => {
    let h: tf.Tensor = x;
    for (const layer of layers) h = layer.apply(h) as tf.Tensor;
    return h.reshape([N * T, dirs * H]).matMul(headW).add(headB).sub(target).square().mean();
  };

  return Promise.resolve({
    step: () => {
      const cost = optimizer.minimize(loss, true);
      cost?.dataSync();
      cost?.dispose();
    },
    dispose: () => {
      for (const layer of layers) layer.dispose();
      for (const t of [headW, headB, x, target]) t.dispose();
      optimizer.dispose();
    },
  });
};

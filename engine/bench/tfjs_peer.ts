/**
 * The benchmark's peer: the same training step in TensorFlow.js 4.22 (for the Elman RNN here; the
 * LSTM and GRU workloads in tfjs_gated_peer.ts), on its `cpu` backend and on
 * `tfjs-backend-wasm` (single-threaded: tfjs never uses threads in Node, and the flag below makes
 * that explicit). The math matches engine/bench/workload.ts exactly: per layer and direction the input
 * projection of all timesteps as one matMul, then h_t = tanh(proj_t + h_{t-1} W_hh) step by step
 * (the reverse direction walks t backwards), directions concatenated, a Linear head on every
 * timestep, mean squared error, gradients by `optimizer.minimize` and plain SGD.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { tfjsGatedSide } from './tfjs_gated_peer.ts';
import { LEARNING_RATE, workloadData, type StepFactory, type Workload } from './workload.ts';

export type TfjsBackend = 'cpu' | 'wasm';

interface Direction {
  wIh: tf.Variable;
  wHh: tf.Variable;
  bIh: tf.Variable;
  bHh: tf.Variable;
}

/** U(-bound, bound) as PyTorch initializes RNN and Linear weights; stored [in, out] for matMul. */
function uniform(shape: number[], bound: number): tf.Variable {
  return tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', 7));
}

/**
 * Selects the tfjs backend (once per process it loads the wasm binary) and keeps tfjs quiet:
 * production mode drops its debug checks and the banner suggesting tfjs-node.
 */
async function useBackend(backend: TfjsBackend): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" failed to initialize`);
  await tf.ready();
}

/** A StepFactory running the workload on the given tfjs backend. */
export function tfjsSide(backend: TfjsBackend): StepFactory {
  return async (w: Workload) => {
    await useBackend(backend);
    // LSTM and GRU run TensorFlow.js's own layers (tfjs_gated_peer.ts).
    if (w.cell !== 'rnn') return tfjsGatedSide(w);
    const { seq: T, batch: N, input: I, hidden: H } = w;
    const dirs = w.bidirectional ? 2 : 1;
    const bound = 1 / Math.sqrt(H);
    const layers: Direction[][] = [];
    for (let l = 0; l < w.layers; l++) {
      const inSize = l === 0 ? I : dirs * H;
      layers.push(Array.from({ length: dirs }, () => ({
        wIh: uniform([inSize, H], bound), wHh: uniform([H, H], bound),
        bIh: uniform([H], bound), bHh: uniform([H], bound),
      })));
    }
    const headBound = 1 / Math.sqrt(dirs * H);
    const headW = uniform([dirs * H, I], headBound);
    const headB = uniform([I], headBound);
    const data = workloadData(w);
    const x = tf.tensor2d(data.x, [T * N, I]);
    const target = tf.tensor2d(data.target, [T * N, I]);
    const optimizer = tf.train.sgd(LEARNING_RATE);

    /** One direction over the sequence: [T * N, in] -> [T * N, H], time-major rows. */
    const direction = (input: tf.Tensor2D, d: Direction, reverse: boolean): tf.Tensor2D => {
      const proj = tf.split(input.matMul(d.wIh).add(d.bIh).add(d.bHh), T, 0) as tf.Tensor2D[];
      const outs: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
      let h: tf.Tensor2D = tf.zeros([N, H]);
      for (let s = 0; s < T; s++) {
        const t = reverse ? T - 1 - s : s;
        h = tf.tanh(proj[t]!.add<tf.Tensor2D>(h.matMul(d.wHh)));
        outs[t] = h;
      }
      return tf.concat(outs, 0);
    };

    const loss = (): tf.Scalar => {
      let input = x;
      for (const layer of layers) {
        const outs = layer.map((d, i) => direction(input, d, i === 1));
        input = outs.length === 1 ? outs[0]! : tf.concat(outs, 1);
      }
      return input.matMul(headW).add(headB).sub(target).square().mean();
    };

    return {
      step: () => {
        const cost = optimizer.minimize(loss, true);
        cost?.dataSync();
        cost?.dispose();
      },
      dispose: () => {
        for (const d of layers.flat()) for (const v of [d.wIh, d.wHh, d.bIh, d.bHh]) v.dispose();
        headW.dispose();
        headB.dispose();
        x.dispose();
        target.dispose();
        optimizer.dispose();
      },
    };
  };
}

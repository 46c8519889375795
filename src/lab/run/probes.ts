/**
 * Looking inside one example: the network unrolled step by step with ordinary ops (the same
 * weights as the fused RNN), keeping every hidden state, pre-activation and dL/dh_t via
 * `retain_grad`. The results are plain arrays for the UI, never tensors.
 */
import { torch } from 'engine';
import type { SequenceModel } from './model.ts';

/** Which pass of a trace the views show: activations (forward) or gradients dL/dh_t (backward). */
export type Mode = 'forward' | 'backward';

/** One layer and direction of one example, time-ordered (index t is timestep t). */
export interface LayerTrace {
  layer: number;
  /** 0 forward, 1 reverse. */
  direction: number;
  /** h_t per step, each [hidden]. */
  hidden: Float32Array[];
  /** W_ih x_t + b_ih + W_hh h_{t-1} + b_hh per step, each [hidden]. */
  preactivation: Float32Array[];
  /** dL/dh_t per step: everything the loss sends back into h_t (from above and from t+1). */
  gradHidden: Float32Array[];
  /** ||dL/dh_t||_2 per step. */
  gradNorm: number[];
}

export interface ExampleTrace {
  /** The example's input per step, each [input]. */
  input: Float32Array[];
  /** The model's output per step, each [output] (logits for classification). */
  output: Float32Array[];
  /** This example's loss. */
  loss: number;
  layers: LayerTrace[];
}

function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/**
 * Runs example x [T, input] through `model` unrolled, computes `lossOf(outputs [T, output])`,
 * backpropagates, and returns every per-step quantity. Dropout is off (eval mode semantics).
 */
export function traceExample(model: SequenceModel, x: torch.Tensor, lossOf: (outputs: torch.Tensor) => torch.Tensor): ExampleTrace {
  const rnn = model.rnn;
  const T = x.shape[0]!;
  const act = rnn.nonlinearity === 'tanh' ? torch.tanh : torch.relu;
  const D = rnn.bidirectional ? 2 : 1;
  const steps: { layer: number; direction: number; h: torch.Tensor[]; pre: torch.Tensor[] }[] = [];
  // Detached weights: the probe must not touch the parameters' .grad that training accumulates;
  // the graph exists because the input requires grad.
  const input = x.detach().requires_grad_();
  const frozen = (p: torch.Tensor | null) => (p === null ? null : p.detach());
  let layerInputs = Array.from({ length: T }, (_, t) => input.select(0, t));
  for (let layer = 0; layer < rnn.num_layers; layer++) {
    const perDirection: torch.Tensor[][] = [];
    for (let direction = 0; direction < D; direction++) {
      const [w_ih, w_hh, b_ih, b_hh] = rnn.layerParameters(layer, direction).map(frozen) as [torch.Tensor, torch.Tensor, torch.Tensor | null, torch.Tensor | null];
      const h: torch.Tensor[] = new Array(T);
      const pre: torch.Tensor[] = new Array(T);
      let prev = torch.zeros([rnn.hidden_size]);
      for (let k = 0; k < T; k++) {
        const t = direction === 0 ? k : T - 1 - k;
        const p = torch.nn.functional
          .linear(layerInputs[t]!, w_ih, b_ih)
          .add(torch.nn.functional.linear(prev, w_hh, b_hh));
        const ht = act(p);
        p.retain_grad();
        ht.retain_grad();
        pre[t] = p;
        h[t] = ht;
        prev = ht;
      }
      steps.push({ layer, direction, h, pre });
      perDirection.push(h);
    }
    layerInputs = Array.from({ length: T }, (_, t) => (D === 1 ? perDirection[0]![t]! : torch.cat([perDirection[0]![t]!, perDirection[1]![t]!], 0)));
  }
  const outputs = torch.nn.functional.linear(torch.stack(layerInputs, 0), model.head.weight.detach(), frozen(model.head.bias));
  const loss = lossOf(outputs);
  loss.backward();
  const values = (t: torch.Tensor | null) => (t === null ? new Float32Array(rnn.hidden_size) : t.toFloat32Array());
  return {
    input: Array.from({ length: T }, (_, t) => x.select(0, t).toFloat32Array()),
    output: Array.from({ length: T }, (_, t) => outputs.select(0, t).toFloat32Array()),
    loss: loss.item(),
    layers: steps.map(({ layer, direction, h, pre }) => {
      const gradHidden = h.map((ht) => values(ht.grad));
      return {
        layer,
        direction,
        hidden: h.map((ht) => ht.toFloat32Array()),
        preactivation: pre.map((pt) => pt.toFloat32Array()),
        gradHidden,
        gradNorm: gradHidden.map(norm),
      };
    }),
  };
}

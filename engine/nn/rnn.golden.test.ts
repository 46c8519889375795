/** torch.nn.RNN and RNNCell against real PyTorch: every golden forward/backward case, one test each. */
import { describe, it } from 'vitest';
import { torch } from '../index.ts';
import { expectClose, loadGolden, TOL, type RnnCase, type RnnCellCase } from '../testing/golden.ts';
import { fromGolden, valuesOf } from '../testing/tensors.ts';

const { pack_padded_sequence, pad_packed_sequence } = torch.nn.utils.rnn;

function checkParameterGrads(module: torch.nn.Module, grads: RnnCase['grads']): void {
  for (const [name, p] of module.named_parameters()) {
    const ref = grads[name];
    if (!ref) throw new Error(`golden case has no gradient for ${name}`);
    expectClose(`grad ${name}`, valuesOf(p.grad, `${name}.grad`), ref, TOL.grad);
  }
}

describe('nn.RNN matches PyTorch (output, h_n, every gradient)', () => {
  for (const c of loadGolden<RnnCase>('rnn_')) {
    it(c.name, () => {
      const { input_size, hidden_size, ...options } = c.args;
      const rnn = new torch.nn.RNN(input_size, hidden_size, options);
      rnn.load_state_dict(c.state_dict);
      const x = fromGolden(c.input, true);
      const hx = c.hx === null ? null : fromGolden(c.hx, true);
      let output: torch.Tensor;
      let h_n: torch.Tensor;
      if (c.lengths === null) {
        [output, h_n] = rnn.forward(x, hx);
      } else {
        const T = c.input.shape[c.args.batch_first ? 1 : 0]!;
        const packed = pack_padded_sequence(x, c.lengths, { batch_first: c.args.batch_first, enforce_sorted: false });
        const [packedOut, hn] = rnn.forward(packed, hx);
        [output] = pad_packed_sequence(packedOut, { batch_first: c.args.batch_first, total_length: T });
        h_n = hn;
      }
      expectClose('output', output.toFloat32Array(), c.output, TOL.forward);
      expectClose('h_n', h_n.toFloat32Array(), c.h_n, TOL.forward);
      let loss = output.mul(fromGolden(c.grad_output)).sum();
      if (c.grad_h_n !== null) loss = loss.add(h_n.mul(fromGolden(c.grad_h_n)).sum());
      loss.backward();
      expectClose('grad input', valuesOf(x.grad, 'input.grad'), c.grads.input!, TOL.grad);
      if (hx !== null) expectClose('grad hx', valuesOf(hx.grad, 'hx.grad'), c.grads.hx!, TOL.grad);
      checkParameterGrads(rnn, c.grads);
    });
  }
});

describe('nn.RNNCell matches PyTorch (h\', every gradient)', () => {
  for (const c of loadGolden<RnnCellCase>('rnncell_')) {
    it(c.name, () => {
      const cell = new torch.nn.RNNCell(c.args.input_size, c.args.hidden_size, {
        bias: c.args.bias,
        nonlinearity: c.args.nonlinearity,
      });
      cell.load_state_dict(c.state_dict);
      const x = fromGolden(c.input, true);
      const hx = c.hx === null ? null : fromGolden(c.hx, true);
      const h = cell.forward(x, hx);
      expectClose("h'", h.toFloat32Array(), c.output, TOL.forward);
      h.mul(fromGolden(c.grad_output)).sum().backward();
      expectClose('grad input', valuesOf(x.grad, 'input.grad'), c.grads.input!, TOL.grad);
      if (hx !== null) expectClose('grad hx', valuesOf(hx.grad, 'hx.grad'), c.grads.hx!, TOL.grad);
      checkParameterGrads(cell, c.grads);
    });
  }
});

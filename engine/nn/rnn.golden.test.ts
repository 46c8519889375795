/**
 * torch.nn.RNN and RNNCell against real PyTorch: every golden forward/backward case, one test
 * each, on every backend (see testing/backends.ts). Values are read back asynchronously, the
 * only way that works on the GPU.
 */
import { describe } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend, readValues } from '../testing/backends.ts';
import { expectClose, loadGolden, TOL, type RnnCase, type RnnCellCase } from '../testing/golden.ts';
import { fromGolden } from '../testing/tensors.ts';

const { pack_padded_sequence, pad_packed_sequence } = torch.nn.utils.rnn;

async function checkParameterGrads(module: torch.nn.Module, grads: RnnCase['grads']): Promise<void> {
  for (const [name, p] of module.named_parameters()) {
    const ref = grads[name];
    if (!ref) throw new Error(`golden case has no gradient for ${name}`);
    expectClose(`grad ${name}`, await readValues(p.grad, `${name}.grad`), ref, TOL.grad);
  }
}

forEachBackend(({ it, device }) => {
  describe('nn.RNN matches PyTorch (output, h_n, every gradient)', () => {
    for (const c of loadGolden<RnnCase>('rnn_')) {
      it(c.name, async () => {
        const { input_size, hidden_size, ...options } = c.args;
        const rnn = new torch.nn.RNN(input_size, hidden_size, options).to(device);
        rnn.load_state_dict(c.state_dict);
        const x = fromGolden(c.input, true, device);
        const hx = c.hx === null ? null : fromGolden(c.hx, true, device);
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
        let loss = output.mul(fromGolden(c.grad_output, false, device)).sum();
        if (c.grad_h_n !== null) loss = loss.add(h_n.mul(fromGolden(c.grad_h_n, false, device)).sum());
        loss.backward();
        expectClose('output', await output.data(), c.output, TOL.forward);
        expectClose('h_n', await h_n.data(), c.h_n, TOL.forward);
        expectClose('grad input', await readValues(x.grad, 'input.grad'), c.grads.input!, TOL.grad);
        if (hx !== null) expectClose('grad hx', await readValues(hx.grad, 'hx.grad'), c.grads.hx!, TOL.grad);
        await checkParameterGrads(rnn, c.grads);
      });
    }
  });

  describe("nn.RNNCell matches PyTorch (h', every gradient)", () => {
    for (const c of loadGolden<RnnCellCase>('rnncell_')) {
      it(c.name, async () => {
        const cell = new torch.nn.RNNCell(c.args.input_size, c.args.hidden_size, {
          bias: c.args.bias,
          nonlinearity: c.args.nonlinearity,
        }).to(device);
        cell.load_state_dict(c.state_dict);
        const x = fromGolden(c.input, true, device);
        const hx = c.hx === null ? null : fromGolden(c.hx, true, device);
        const h = cell.forward(x, hx);
        h.mul(fromGolden(c.grad_output, false, device)).sum().backward();
        expectClose("h'", await h.data(), c.output, TOL.forward);
        expectClose('grad input', await readValues(x.grad, 'input.grad'), c.grads.input!, TOL.grad);
        if (hx !== null) expectClose('grad hx', await readValues(hx.grad, 'hx.grad'), c.grads.hx!, TOL.grad);
        await checkParameterGrads(cell, c.grads);
      });
    }
  });
});

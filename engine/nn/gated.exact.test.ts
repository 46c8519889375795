/**
 * nn.LSTM, nn.GRU, nn.LSTMCell and nn.GRUCell against real PyTorch (fixtures/gates, made by
 * make_gates.py): output, h_n, c_n and every gradient, on every backend.
 */
import { describe } from 'vitest';
import { torch } from '../index.ts';
import { forEachBackend, readValues } from '../testing/backends.ts';
import { fixtureTensor } from '../testing/fixtures.ts';
import { gatedCases, gatedModule, type GatedCellCase, type GatedLayerCase } from '../testing/gated_fixtures.ts';
import { expectClose, TOL, type GoldenTensor } from '../testing/golden.ts';

const { pack_padded_sequence, pad_packed_sequence } = torch.nn.utils.rnn;

/** Each leaf's gradient, and every parameter's, against the case's. */
async function checkGrads(module: torch.nn.Module, leaves: Record<string, torch.Tensor | null>, grads: Record<string, GoldenTensor>): Promise<void> {
  for (const [name, t] of Object.entries(leaves)) {
    if (t !== null) expectClose(`grad ${name}`, await readValues(t.grad, `${name}.grad`), grads[name]!, TOL.grad);
  }
  const names = module.named_parameters().map(([name]) => name);
  for (const [name, p] of module.named_parameters()) {
    const ref = grads[name];
    if (!ref) throw new Error(`fixture has no gradient for ${name} (module has ${names.join(', ')})`);
    expectClose(`grad ${name}`, await readValues(p.grad, `${name}.grad`), ref, TOL.grad);
  }
}

forEachBackend(({ it, device }) => {
  const leaf = (g: GoldenTensor | null) => (g === null ? null : fixtureTensor(g, device, true));
  const constant = (g: GoldenTensor) => fixtureTensor(g, device);

  for (const file of ['lstm', 'gru'] as const) {
    describe(`nn.${file.toUpperCase()} matches PyTorch (output, h_n, c_n, every gradient)`, () => {
      for (const c of gatedCases<GatedLayerCase>(file)) {
        it(c.name, async () => {
          const module = gatedModule(c.kind, c.args) as torch.nn.LSTM | torch.nn.GRU;
          module.load_state_dict(Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, fixtureTensor(v, torch.device('cpu'))])));
          module.to(device);
          const x = fixtureTensor(c.input, device, true);
          const h0 = leaf(c.h_0);
          const c0 = leaf(c.c_0);
          const run = (input: torch.Tensor | torch.nn.utils.rnn.PackedSequence): [torch.Tensor | torch.nn.utils.rnn.PackedSequence, torch.Tensor, torch.Tensor | null] => {
            if (module instanceof torch.nn.LSTM) {
              const [out, [h, cell]] = module.forward(input as torch.Tensor, h0 === null ? null : [h0, c0!]);
              return [out, h, cell];
            }
            const [out, h] = module.forward(input as torch.Tensor, h0);
            return [out, h, null];
          };
          if (c.dropout_seed !== null) torch.manual_seed(c.dropout_seed);
          let output: torch.Tensor;
          let h_n: torch.Tensor;
          let c_n: torch.Tensor | null;
          if (c.lengths === null) {
            [output, h_n, c_n] = run(x) as [torch.Tensor, torch.Tensor, torch.Tensor | null];
          } else {
            const T = c.input.shape[c.args.batch_first ? 1 : 0]!;
            const packed = pack_padded_sequence(x, c.lengths, { batch_first: c.args.batch_first, enforce_sorted: false });
            const [out, h, cell] = run(packed);
            [output] = pad_packed_sequence(out as torch.nn.utils.rnn.PackedSequence, { batch_first: c.args.batch_first, total_length: T });
            [h_n, c_n] = [h, cell];
          }
          let loss = output.mul(constant(c.grad_output)).sum().add(h_n.mul(constant(c.grad_h_n)).sum());
          if (c_n !== null) loss = loss.add(c_n.mul(constant(c.grad_c_n!)).sum());
          loss.backward();
          expectClose('output', await output.data(), c.output, TOL.forward);
          expectClose('h_n', await h_n.data(), c.h_n, TOL.forward);
          if (c.c_n !== null) expectClose('c_n', await readValues(c_n, 'c_n'), c.c_n, TOL.forward);
          await checkGrads(module, { input: x, h_0: h0, c_0: c0 }, c.grads);
        });
      }
    });
  }

  describe('nn.LSTMCell and nn.GRUCell match PyTorch (one step, every gradient)', () => {
    for (const c of gatedCases<GatedCellCase>('cells')) {
      it(c.name, async () => {
        const cell = gatedModule(c.kind, c.args) as torch.nn.LSTMCell | torch.nn.GRUCell;
        cell.load_state_dict(Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, fixtureTensor(v, torch.device('cpu'))])));
        cell.to(device);
        const x = fixtureTensor(c.input, device, true);
        const h0 = leaf(c.h_0);
        const c0 = leaf(c.c_0);
        let loss: torch.Tensor;
        if (cell instanceof torch.nn.LSTMCell) {
          const [h, state] = cell.forward(x, h0 === null ? null : [h0, c0!]);
          expectClose("h'", await h.data(), c.h, TOL.forward);
          expectClose("c'", await state.data(), c.c!, TOL.forward);
          loss = h.mul(constant(c.grad_h)).sum().add(state.mul(constant(c.grad_c!)).sum());
        } else {
          const h = cell.forward(x, h0);
          expectClose("h'", await h.data(), c.h, TOL.forward);
          loss = h.mul(constant(c.grad_h)).sum();
        }
        loss.backward();
        await checkGrads(cell, { input: x, h_0: h0, c_0: c0 }, c.grads);
      });
    }
  });
});

/**
 * Packing exactly as PyTorch (issue 10, item 3), on every backend, against
 * engine/testing/fixtures/exactness_a/packing.json (made by make_fixtures.py with real PyTorch):
 * pad_packed_sequence with any padding_value (±inf and NaN too) leaves the valid outputs and
 * their gradients untouched, and nn.RNN's dropout between layers draws its masks as ATen does
 * (over the packed data for a packed input), so a seeded run matches PyTorch's exactly.
 */
import { expect } from 'vitest';
import { forEachBackend, readValues } from '../testing/backends.ts';
import { TOL, type RnnArgs } from '../testing/golden.ts';
import {
  decode, expectSameNumbers, fixtureTensor, FLOAT32_TOL, loadFixture, rnnFromFixture,
  type FixtureNumber, type FixtureTensor,
} from '../testing/pytorch_fixtures.ts';
import { torch } from '../index.ts';

const { pack_padded_sequence, pad_packed_sequence, PackedSequence } = torch.nn.utils.rnn;

interface PadCase {
  padding_value: FixtureNumber;
  batch_first: boolean;
  input: FixtureTensor;
  padded: FixtureTensor;
  lengths: number[];
  grad_output: FixtureTensor;
  grad_data: FixtureTensor;
}

interface DropoutCase {
  name: string;
  seed: number;
  args: RnnArgs;
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  lengths: number[] | null;
  grad_output: FixtureTensor;
  output: FixtureTensor;
  h_n: FixtureTensor;
  rand_after: FixtureTensor;
  grads: Record<string, FixtureTensor>;
}

interface PackingFixture {
  pad: PadCase[];
  dropout: DropoutCase[];
  global_probe: { seed: number; rand: FixtureTensor };
}

const fx = loadFixture<PackingFixture>('exactness_a', 'packing.json');
const LENGTHS = [3, 5, 2];

/** Output and h_n of a fixture's RNN on its input, packed when the case says so. */
function runCase(c: DropoutCase, rnn: torch.nn.RNN, x: torch.Tensor): [torch.Tensor, torch.Tensor] {
  if (c.lengths === null) return rnn.forward(x);
  const packed = pack_padded_sequence(x, c.lengths, { batch_first: c.args.batch_first, enforce_sorted: false });
  const [out, h_n] = rnn.forward(packed);
  const T = x.shape[c.args.batch_first ? 1 : 0]!;
  const [padded] = pad_packed_sequence(out, { batch_first: c.args.batch_first, total_length: T });
  return [padded, h_n];
}

forEachBackend((b) => {
  for (const c of fx.pad) {
    b.it(`pad_packed_sequence(padding_value=${c.padding_value}, batch_first=${c.batch_first}) keeps valid outputs and gradients`, async () => {
      const x = fixtureTensor(c.input, { device: b.device });
      const packed = pack_padded_sequence(c.batch_first ? x.transpose(0, 1) : x, LENGTHS, {
        batch_first: c.batch_first,
        enforce_sorted: false,
      });
      const data = packed.data.detach().requires_grad_();
      const leaf = new PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices);
      const [padded, lengths] = pad_packed_sequence(leaf, {
        batch_first: c.batch_first,
        padding_value: decode(c.padding_value),
        total_length: 6,
      });
      expect(padded.shape).toEqual(c.padded.shape);
      expect(lengths.tolist()).toEqual(c.lengths);
      expectSameNumbers('padded', await padded.data(), c.padded, FLOAT32_TOL);
      padded.backward(fixtureTensor(c.grad_output, { device: b.device }));
      expectSameNumbers('grad of the packed data', await readValues(data.grad, 'grad'), c.grad_data, FLOAT32_TOL);
    });
  }

  for (const c of fx.dropout) {
    b.it(`nn.RNN dropout between layers, ${c.name}: torch.manual_seed(${c.seed}) draws PyTorch's masks`, async () => {
      const x = fixtureTensor(c.input, { device: b.device, requires_grad: true });
      const rnn = rnnFromFixture(c.args, c.state_dict, b.device);
      torch.manual_seed(c.seed);
      const [output, h_n] = runCase(c, rnn, x);
      // The global stream moved exactly as far as PyTorch's did.
      expectSameNumbers('torch.rand after the forward', await torch.rand([3]).data(), c.rand_after, FLOAT32_TOL);
      expectSameNumbers('output', await output.data(), c.output, TOL.forward);
      expectSameNumbers('h_n', await h_n.data(), c.h_n, TOL.forward);
      output.mul(fixtureTensor(c.grad_output, { device: b.device })).sum().backward();
      expectSameNumbers('grad input', await readValues(x.grad, 'grad input'), c.grads.input!, TOL.grad);
      for (const [name, p] of rnn.named_parameters()) {
        expectSameNumbers(`grad ${name}`, await readValues(p.grad, name), c.grads[name]!, TOL.grad);
      }
    });
  }

  b.it("a run under its own generator draws the seeded masks and leaves the global stream where it was", async () => {
    const c = fx.dropout[0]!;
    const x = fixtureTensor(c.input, { device: b.device });
    const rnn = rnnFromFixture(c.args, c.state_dict, b.device);
    torch.manual_seed(fx.global_probe.seed);
    const run = new torch.Generator().manual_seed(c.seed);
    const [output] = torch.random.use_generator(run, () => runCase(c, rnn, x));
    expectSameNumbers('output', await output.data(), c.output, TOL.forward);
    expectSameNumbers('global stream untouched', await torch.rand([3]).data(), fx.global_probe.rand, FLOAT32_TOL);
    // The run's own stream went on from where the forward left it, as PyTorch's global one did.
    expectSameNumbers('the run stream after the forward', await torch.rand([3], { generator: run }).data(), c.rand_after, FLOAT32_TOL);
  });
});

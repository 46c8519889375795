/**
 * torch.Generator as in PyTorch (issue 16), on every backend, against
 * engine/testing/fixtures/exactness_a/generator.json (made by make_fixtures.py with real PyTorch):
 * a Generator seeded with s draws what PyTorch's `torch.Generator().manual_seed(s)` draws through
 * rand, randn, randperm, randint and bernoulli_; get_state/set_state replay a stream; generators
 * and the global stream never move each other; dropout runs on a stream of its own under
 * `torch.random.use_generator`.
 */
import { expect } from 'vitest';
import { forEachBackend } from '../testing/backends.ts';
import { expectSameNumbers, fixtureTensor, loadFixture, type FixtureTensor } from '../testing/pytorch_fixtures.ts';
import { torch } from '../index.ts';

interface GeneratorFixture {
  default_initial_seed: number;
  manual_seed_returns_generator: boolean;
  initial_seed: number;
  rand: FixtureTensor;
  randn_small: FixtureTensor;
  randn_large: FixtureTensor;
  randperm: number[];
  bernoulli: FixtureTensor;
  rand_after: FixtureTensor;
  replay: { seed: number; skip_randn: number; draws: FixtureTensor };
  independent: Record<'global_alone' | 'a' | 'global_interleaved' | 'b', FixtureTensor>;
  bernoulli_mask: { seed: number; p: number; mask: FixtureTensor };
  dropout: { seed: number; p: number; input: FixtureTensor; output: FixtureTensor };
  randint: { seed: number; low: number; high: number; values: number[] };
  uniform: { seed: number; low: number; high: number; values: FixtureTensor };
}

const fx = loadFixture<GeneratorFixture>('exactness_a', 'generator.json');
/** Seeded draws are bit-exact. */
const EXACT = { atol: 0, rtol: 0 };

forEachBackend((b) => {
  const device = b.device;

  b.it('new Generator().manual_seed(42) is chainable and draws what PyTorch\'s draws, in order', async () => {
    expect(new torch.Generator().initial_seed()).toBe(fx.default_initial_seed);
    const g = new torch.Generator();
    expect(g.manual_seed(42) === g).toBe(fx.manual_seed_returns_generator);
    expect(g.initial_seed()).toBe(fx.initial_seed);
    const generator = g;
    expectSameNumbers('rand', await torch.rand([5], { generator, device }).data(), fx.rand, EXACT);
    expectSameNumbers('randn (3)', await torch.randn([3], { generator, device }).data(), fx.randn_small, EXACT);
    expectSameNumbers('randn (20)', await torch.randn([20], { generator, device }).data(), fx.randn_large, EXACT);
    expect([...(await torch.randperm(10, { generator, device }).data())]).toEqual(fx.randperm);
    const mask = torch.zeros([12], { device }).bernoulli_(0.3, { generator });
    expectSameNumbers('bernoulli_', await mask.data(), fx.bernoulli, EXACT);
    expectSameNumbers('rand after all that', await torch.rand([2], { generator, device }).data(), fx.rand_after, EXACT);
  });

  b.it('get_state / set_state replay a stream, cached normal sample included', async () => {
    const g = new torch.Generator().manual_seed(fx.replay.seed);
    torch.randn([fx.replay.skip_randn], { generator: g });
    const state = g.get_state();
    const first = await torch.randn([4], { generator: g, device }).data();
    expectSameNumbers('draws', first, fx.replay.draws, EXACT);
    g.set_state(JSON.parse(JSON.stringify(state)) as torch.GeneratorState);
    expectSameNumbers('replayed draws', await torch.randn([4], { generator: g, device }).data(), fx.replay.draws, EXACT);
  });

  b.it('two generators and the global stream never change each other', async () => {
    const c = fx.independent;
    torch.manual_seed(5);
    const a = new torch.Generator().manual_seed(5);
    const other = new torch.Generator().manual_seed(6);
    const fromA = await torch.rand([2], { generator: a, device }).data();
    const global1 = await torch.rand([2], { device }).data();
    const fromB = await torch.rand([2], { generator: other, device }).data();
    const global2 = await torch.rand([2], { device }).data();
    expectSameNumbers('a', fromA, c.a, EXACT);
    expectSameNumbers('b', fromB, c.b, EXACT);
    expectSameNumbers('global, interleaved', [...global1, ...global2], c.global_interleaved, EXACT);
    expectSameNumbers('global, alone', [...global1, ...global2], c.global_alone, EXACT);
  });

  b.it('randint and nn.init.uniform_ take a generator', async () => {
    const g = new torch.Generator().manual_seed(fx.randint.seed);
    const ints = torch.randint(fx.randint.low, fx.randint.high, [fx.randint.values.length], { generator: g, device });
    expect(ints.dtype).toBe('int64');
    expect([...(await ints.data())]).toEqual(fx.randint.values);
    const u = fx.uniform;
    const w = torch.nn.init.uniform_(torch.zeros([2, 3]), u.low, u.high, new torch.Generator().manual_seed(u.seed));
    expectSameNumbers('uniform_', await w.to(device).data(), u.values, EXACT);
  });

  b.it("a dropout mask from a stream of its own: bernoulli_(1 - p, { generator }), or F.dropout under use_generator", async () => {
    const m = fx.bernoulli_mask;
    const mask = torch.zeros([3, 5], { device }).bernoulli_(m.p, { generator: new torch.Generator().manual_seed(m.seed) });
    expectSameNumbers('mask', await mask.data(), m.mask, EXACT);

    const d = fx.dropout;
    const x = fixtureTensor(d.input, { device });
    torch.manual_seed(123);
    const before = torch.get_rng_state();
    const run = new torch.Generator().manual_seed(d.seed);
    const out = torch.random.use_generator(run, () => torch.nn.functional.dropout(x, d.p));
    expectSameNumbers('F.dropout on its own stream', await out.data(), d.output, { atol: 0, rtol: 0 });
    expect(torch.get_rng_state()).toEqual(before);
    // Inside the scope, seeding and reading "the" generator means the run's.
    torch.random.use_generator(run, () => torch.manual_seed(d.seed));
    expect(run.initial_seed()).toBe(d.seed);
    expect(torch.get_rng_state()).toEqual(before);
  });

  b.it('use_generator refuses an async function, whose later draws it could not cover', () => {
    const g = new torch.Generator();
    expect(() => torch.random.use_generator(g, async () => 1)).toThrow('fn returned a Promise');
  });
});

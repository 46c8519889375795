import { describe, expect, it } from 'vitest';
import { loadGolden, type InitCase, type RandomCase } from '../testing/golden.ts';
import {
  bernoulli_,
  default_generator,
  Generator,
  kaimingUniformBound,
  linearBiasBound,
  normal_,
  rand,
  randn,
  rnnInitBound,
  uniform_,
} from './random.ts';
import { log256, sincos256 } from './random/avx2_mathfun.ts';
import { fmaf } from './random/fmaf.ts';

/** Exact float32 equality, every element; names the first element that differs. */
function expectFloat32Exact(what: string, actual: Float32Array, expected: readonly number[]): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const want = Math.fround(expected[i]!);
    if (actual[i] !== want) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${want}`);
  }
}

describe('torch.rand against PyTorch 1.13.1', () => {
  it.each(loadGolden<RandomCase>('init/rand_').map((c) => [c.name, c] as const))('%s', (_, c) => {
    const g = new Generator().manual_seed(c.seed);
    expectFloat32Exact(c.name, rand(g, c.size), c.data);
  });
});

describe('torch.randn against PyTorch 1.13.1', () => {
  it.each(loadGolden<RandomCase>('init/randn_').map((c) => [c.name, c] as const))('%s', (_, c) => {
    const g = new Generator().manual_seed(c.seed);
    expectFloat32Exact(c.name, randn(g, c.size), c.data);
  });
});

/** The uniform_ bound PyTorch's reset_parameters uses for one state_dict entry. */
function initBound(c: InitCase, key: string): number {
  if (c.module === 'Linear') {
    const fanIn = Number(c.args.in_features);
    return key === 'weight' ? kaimingUniformBound(fanIn) : linearBiasBound(fanIn);
  }
  return rnnInitBound(Number(c.args.hidden_size));
}

describe('default init (uniform_ in state_dict order) against PyTorch 1.13.1', () => {
  it.each(loadGolden<InitCase>('init/init_').map((c) => [c.name, c] as const))('%s', (_, c) => {
    const g = new Generator().manual_seed(c.seed);
    for (const [key, t] of Object.entries(c.state_dict)) {
      const bound = initBound(c, key);
      expectFloat32Exact(`${c.name}.${key}`, uniform_(g, t.data.length, -bound, bound), t.data);
    }
  });
});

describe('Generator', () => {
  it('seeds from the low 32 bits of the seed, as mt19937 does, but remembers the whole seed', () => {
    const big = 2 ** 40 + 5;
    const g = new Generator().manual_seed(big);
    expect(g.initial_seed()).toBe(big);
    expect(Array.from(rand(g, 4))).toEqual(Array.from(rand(new Generator().manual_seed(5), 4)));
  });

  it('gives the reference mt19937 stream (the 10000th output for seed 5489 is 4123659995)', () => {
    const g = new Generator().manual_seed(5489);
    for (let i = 0; i < 9999; i++) g.random();
    expect(g.random()).toBe(4123659995);
  });

  it('builds random64 from two draws, the first as the high word', () => {
    const a = new Generator().manual_seed(3);
    const b = new Generator().manual_seed(3);
    const hi = BigInt(b.random());
    const lo = BigInt(b.random());
    expect(a.random64()).toBe((hi << 32n) | lo);
  });

  it('restores a saved state exactly, including the cached normal sample', () => {
    const g = new Generator().manual_seed(11);
    rand(g, 700); // past one twist of the 624-word state
    randn(g, 3); // odd count below 16: leaves the second Box-Muller sample cached
    const saved = JSON.parse(JSON.stringify(g.get_state())) as ReturnType<Generator['get_state']>;
    const first = [randn(g, 5), rand(g, 900), randn(g, 40), bernoulli_(g, 10, 0.5)];
    g.manual_seed(99);
    rand(g, 10);
    g.set_state(saved);
    const again = [randn(g, 5), rand(g, 900), randn(g, 40), bernoulli_(g, 10, 0.5)];
    expect(again).toEqual(first);
    expect(g.initial_seed()).toBe(11);
  });

  it('drops the cached normal sample when re-seeded', () => {
    const g = new Generator().manual_seed(1);
    randn(g, 1);
    g.manual_seed(1);
    expect(Array.from(randn(g, 2))).toEqual(Array.from(randn(new Generator().manual_seed(1), 2)));
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    const g = new Generator();
    expect(() => g.manual_seed(-1)).toThrow(/manual_seed/);
    expect(() => g.manual_seed(1.5)).toThrow(/manual_seed/);
    expect(() => g.manual_seed(2 ** 60)).toThrow(/manual_seed/);
  });

  it('rejects a malformed state', () => {
    const g = new Generator();
    const bad = { ...g.get_state(), mt: [1, 2, 3] };
    expect(() => g.set_state(bad)).toThrow(/set_state/);
  });

  it('starts the default generator from PyTorch default seed', () => {
    expect(new Generator().initial_seed()).toBe(67280421310721);
    expect(default_generator).toBeInstanceOf(Generator);
  });
});

/**
 * A few values from Debian's python3-torch 1.13.1 (the build the golden files came from), for
 * draws no golden file covers; each comment has the Python that printed them. A sweep of ~1.7M
 * values (randn up to 100003, uniform_ with 13 bound pairs, normal_ with mean/std, bernoulli_,
 * dropout masks; 8 seeds up to 2^53-1) matched bit for bit when this was written.
 */
describe('draws no golden file covers, against PyTorch 1.13.1', () => {
  it('bernoulli_: torch.manual_seed(0); torch.empty(12).bernoulli_(0.3)', () => {
    const x = bernoulli_(new Generator().manual_seed(0), 12, 0.3);
    expect(Array.from(x)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('dropout mask: torch.manual_seed(0); F.dropout(torch.ones(12), 0.2) != 0', () => {
    const x = bernoulli_(new Generator().manual_seed(0), 12, 1 - 0.2);
    expect(Array.from(x)).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('normal_ on the vectorised path: torch.manual_seed(0); torch.empty(20).normal_(0.3, 2.5)', () => {
    const want = [
      -2.514599561691284, -2.5809004306793213, -0.32644644379615784, -0.7846969962120056, 1.7970986366271973,
      -3.587737560272217, -0.553400993347168, 4.9325151443481445, 1.4702410697937012, -0.09428109973669052,
      3.9091503620147705, 0.9651235342025757, 3.7734153270721436, 4.265835762023926, 2.665745973587036,
      -1.8091918230056763, 2.6295664310455322, 3.4475231170654297, 5.312451362609863, 0.43434226512908936,
    ];
    expectFloat32Exact('normal_', normal_(new Generator().manual_seed(0), 20, 0.3, 2.5), want);
  });

  it('uniform_ with bounds that round in float32: torch.manual_seed(0); torch.empty(6).uniform_(-3.7, 12.1)', () => {
    const want = [4.140854358673096, 8.437904357910156, -2.3020565509796143, -1.6139183044433594, 1.1572805643081665, 6.318443298339844];
    expectFloat32Exact('uniform_', uniform_(new Generator().manual_seed(0), 6, -3.7, 12.1), want);
  });
});

describe('float32 helpers', () => {
  it('fmaf rounds once', () => {
    expect(fmaf(Math.fround(0.1), 10, -1)).toBe(1.4901161193847656e-8);
    expect(Math.fround(Math.fround(Math.fround(0.1) * 10) - 1)).toBe(0);
  });

  it('fmaf breaks a double-rounding tie by the exact sum', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 lies halfway between two float32 values and rounds to
    // even (down); 2^-60 more must round up, yet in doubles the sum is that same tie.
    const a = 1 + 2 ** -12;
    expect(fmaf(a, a, 0)).toBe(1 + 2 ** -11);
    expect(fmaf(a, a, 2 ** -60)).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(Math.fround(a * a + 2 ** -60)).toBe(1 + 2 ** -11);
    expect(fmaf(a, a, -(2 ** -60))).toBe(1 + 2 ** -11);
    expect(fmaf(-a, a, -(2 ** -60))).toBe(-(1 + 2 ** -11 + 2 ** -23));
  });

  it('log256 and sincos256 stay within an ulp or two of the true values', () => {
    expect(log256(0.5)).toBe(Math.fround(Math.log(0.5)));
    expect(Number.isNaN(log256(0))).toBe(true);
    for (const x of [1e-7, 0.1, 0.7071, 0.9999999, 1]) {
      const x32 = Math.fround(x);
      expect(Math.abs(log256(x32) - Math.log(x32))).toBeLessThan(2e-7 * Math.max(1, Math.abs(Math.log(x32))));
    }
    for (const x of [0, 0.3, 1, 2, 3.14159, 4, 5.5, 6.28]) {
      const [s, c] = sincos256(Math.fround(x));
      expect(Math.abs(s - Math.sin(Math.fround(x)))).toBeLessThan(2.5e-7);
      expect(Math.abs(c - Math.cos(Math.fround(x)))).toBeLessThan(2.5e-7);
    }
  });
});

describe('distributions', () => {
  it('normal_ scales and shifts the standard normal on the scalar path', () => {
    const z = randn(new Generator().manual_seed(4), 5);
    const x = normal_(new Generator().manual_seed(4), 5, 2, 3);
    for (let i = 0; i < 5; i++) expect(x[i]).toBeCloseTo(z[i]! * 3 + 2, 5);
  });

  it('bernoulli_ gives 0/1 with about the asked rate', () => {
    const x = bernoulli_(new Generator().manual_seed(0), 10000, 0.3);
    let ones = 0;
    for (const v of x) {
      expect(v === 0 || v === 1).toBe(true);
      ones += v;
    }
    expect(Math.abs(ones / 10000 - 0.3)).toBeLessThan(0.02);
  });

  it('computes the init bounds in doubles, as Python does', () => {
    expect(rnnInitBound(4)).toBe(0.5);
    expect(kaimingUniformBound(5)).toBe(Math.sqrt(3) * (Math.sqrt(2 / (1 + Math.sqrt(5) ** 2)) / Math.sqrt(5)));
    expect(linearBiasBound(0)).toBe(0);
    expect(linearBiasBound(4)).toBe(0.5);
  });
});

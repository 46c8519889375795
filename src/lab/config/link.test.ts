import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './schema.ts';
import { TASK_IDS } from '../tasks/index.ts';
import { FIELD_LIST } from './fields.ts';
import { decodeLink, encodeLink } from './link.ts';

describe('URL codec', () => {
  it('reads an empty hash as the default config, silently', () => {
    expect(decodeLink('')).toEqual({ config: defaultConfig('sine'), step: 0, issues: [], omitted: 0 });
    expect(decodeLink('#')).toEqual({ config: defaultConfig('sine'), step: 0, issues: [], omitted: 0 });
  });

  it('round-trips every task default and the step', () => {
    for (const task of TASK_IDS) {
      const config = defaultConfig(task);
      const back = decodeLink(encodeLink(config, 120));
      expect(back.issues).toEqual([]);
      expect(back.config).toEqual(config);
      expect(back.step).toBe(120);
    }
  });

  it('writes short human-readable keys', () => {
    const hash = encodeLink(defaultConfig('sine'), 7);
    expect(hash).toMatch(/^v=1&task=sine&h=16&L=1&act=tanh&bias=1&bi=0&/);
    expect(hash).toContain('k.noise=0.05');
    expect(hash).toContain('step=7');
  });

  it('records the recurrent init and replays it; a link without it means PyTorch\'s default', () => {
    const base = defaultConfig('sine');
    const config = { ...base, model: { ...base.model, init: { scheme: 'identity' as const, gain: 1.25 } } };
    const hash = encodeLink(config);
    expect(hash).toContain('init=identity&gain=1.25');
    expect(decodeLink(hash)).toEqual({ config, step: 0, issues: [], omitted: 0 });
    expect(decodeLink('v=1&task=sine&gain=2').config.model.init).toEqual({ scheme: 'default', gain: 2 });
    const bad = decodeLink('v=1&task=sine&init=eye&gain=99');
    // An unknown scheme falls back to the default; a gain out of range is clamped to it, and both are named.
    expect(bad.config.model.init).toEqual({ scheme: 'default', gain: 4 });
    expect(bad.issues).toEqual([
      { path: 'nn.init', message: '"eye" is not one of default, identity, orthogonal; using the default' },
      { path: 'weight_hh.mul_(gain)', message: '99 is outside 0..4; using 4' },
    ]);
  });

  it('compresses long text and restores it exactly', () => {
    const text = 'Twinkle, twinkle, little star,\nHow I wonder what you are!\n'.repeat(20) + 'é ✓ 😀';
    const config = { ...defaultConfig('charlm'), text };
    const hash = encodeLink(config);
    expect(hash).toContain('tz=');
    expect(hash.length).toBeLessThan(text.length);
    expect(decodeLink(hash).config.text).toBe(text);
  });

  it('names malformed fields and falls back to defaults', () => {
    const { config, issues } = decodeLink('#v=1&task=sine&h=abc&L=9&act=gelu&lr=-1&zz=3&k.nope=1&tz=!!!&step=-4');
    const base = defaultConfig('sine');
    // Out of range is clamped to the range (and said); unreadable takes the default.
    expect(config.model).toEqual({ ...base.model, numLayers: 4 });
    expect(config.optimizer.lr).toBe(1e-5);
    expect(config.knobs).toEqual(base.knobs);
    const paths = issues.map((i) => i.path);
    for (const p of ['hidden_size', 'num_layers', 'nonlinearity', 'lr', 'zz', 'k.nope', 'text', 'step']) expect(paths).toContain(p);
  });

  it('reports an outdated version and an unknown task', () => {
    const { config, issues } = decodeLink('v=0&task=translate&h=8');
    expect(config.task).toBe('sine');
    expect(config.model.hiddenSize).toBe(8);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['task', 'link version']));
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (hash) => {
        const out = decodeLink(hash);
        expect(out.config.v).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated valid links, and keeps every value in range', () => {
    const keys = ['v', 'task', ...FIELD_LIST.map(([, f]) => f.key), 'k.noise', 'k.delay', 'text', 'tz', 'step', 'x'];
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.double().map(String), fc.integer().map(String), fc.constantFrom('', '1e999', 'NaN', '-0', '%', '%E0%A4%A'));
    fc.assert(
      fc.property(fc.constantFrom(...TASK_IDS), fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 8 }), (task, edits) => {
        const params = new URLSearchParams(encodeLink(defaultConfig(task), 3));
        for (const [k, v] of edits) params.set(k, v);
        const out = decodeLink(params.toString());
        expect(out.config.model.numLayers).toBeGreaterThanOrEqual(1);
        expect(out.config.model.numLayers).toBeLessThanOrEqual(4);
        expect(Number.isFinite(out.config.optimizer.lr)).toBe(true);
        expect(out.step).toBeGreaterThanOrEqual(0);
        // A decoded link encodes to a link that decodes cleanly to the same config.
        const again = decodeLink(encodeLink(out.config, out.step));
        expect(again.config).toEqual(out.config);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * The sliders' ranges are what links accept: for every number field of the table, the panel's
 * slider ends (in log10 units for a log slider) equal the values a link asking for far less and
 * far more is clamped to.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FIELD_LIST, readPath, type FieldName } from '../lab/config/fields.ts';
import { decodeLink } from '../lab/config/link.ts';
import { ConfigField } from './ConfigField.tsx';

function sliderEnds(name: FieldName, value: number): { min: number; max: number } {
  const html = renderToStaticMarkup(createElement(ConfigField, { name, value, onChange: () => undefined }));
  const input = /<input[^>]*type="range"[^>]*>/.exec(html)?.[0] ?? '';
  const attr = (a: string) => Number(new RegExp(`${a}="([^"]+)"`).exec(input)?.[1]);
  return { min: attr('min'), max: attr('max') };
}

describe('ConfigField', () => {
  const numberFields = FIELD_LIST.filter(([name, f]) => (f.kind === 'int' || f.kind === 'number') && name !== 'seed' && name !== 'seqLen');

  it.each(numberFields.map(([name, f]) => [name, f] as const))('%s: the slider runs over exactly what a link accepts', (name, f) => {
    const low = decodeLink(`v=1&task=sine&${f.key}=-1e9`);
    const high = decodeLink(`v=1&task=sine&${f.key}=1e9`);
    const linkMin = Number(readPath(low.config, f.path));
    const linkMax = Number(readPath(high.config, f.path));
    expect(low.issues.map((i) => i.path)).toEqual([f.arg]);
    expect(high.issues.map((i) => i.path)).toEqual([f.arg]);
    const ends = sliderEnds(name, linkMin);
    const log = 'scale' in f && f.scale === 'log';
    expect(ends.min).toBeCloseTo(log ? Math.log10(linkMin) : linkMin, 12);
    expect(ends.max).toBeCloseTo(log ? Math.log10(linkMax) : linkMax, 12);
  });

  it('covers every number field but the seed (a number box) and the sequence length (the task sets its range)', () => {
    expect(numberFields.map(([n]) => n).sort()).toEqual(['batchSize', 'clipGradNorm', 'dropout', 'hiddenSize', 'initGain', 'lr', 'momentum', 'numLayers']);
  });
});

import { describe, expect, it } from 'vitest';
import type { LayerTrace } from '../lab/run/probes.ts';
import { cellTint, fits, unrolledLayout } from './unrolled.ts';

describe('unrolled layout', () => {
  it('stacks outputs, layers top-down (forward above reverse), inputs', () => {
    const { rows } = unrolledLayout(10, 2, 2, 500);
    expect(rows.map((r) => (r.kind === 'hidden' ? `${r.layer}${r.direction}` : r.kind))).toEqual(['output', '10', '11', '00', '01', 'input']);
    expect(rows.every((r, i) => i === 0 || r.y > (rows[i - 1]?.y ?? 0))).toBe(true);
  });

  it('keeps 50 timesteps inside 700 pixels with thinned labels and no arrowheads', () => {
    const l = unrolledLayout(50, 1, 1, 700);
    expect(l.x(49) + l.cellW / 2).toBeLessThanOrEqual(700);
    expect(l.labelled.length).toBeLessThan(50);
    expect(l.arrowheads).toBe(false);
    expect(unrolledLayout(8, 1, 1, 700).arrowheads).toBe(true);
  });

  it('tints by ||h_t|| forward and ||dL/dh_t|| on a log scale backward', () => {
    const tr: LayerTrace = { layer: 0, direction: 0, hidden: [Float32Array.of(3, 4)], preactivation: [], gradHidden: [], gradNorm: [1e-5] };
    expect(cellTint([tr], 'forward').value(tr, 0)).toBe(5);
    const back = cellTint([tr], 'backward');
    expect(back.value(tr, 0)).toBe(1e-5);
    expect(back.scale.kind).toBe('log');
  });

  it('fits short labels only', () => {
    expect(fits('a', 12)).toBe(true);
    expect(fits('0.123, 0.456', 30)).toBe(false);
  });
});

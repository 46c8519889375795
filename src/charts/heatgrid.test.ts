import { describe, expect, it } from 'vitest';
import { cellAt, rasterize } from './heatgrid.ts';

describe('heat grid', () => {
  it('rasterizes one opaque pixel per cell, row-major', () => {
    const px = rasterize(2, 3, (r, c) => (r === 1 && c === 2 ? '#ff0000' : 'rgb(0, 0, 255)'));
    expect(px.length).toBe(2 * 3 * 4);
    expect(Array.from(px.slice(0, 4))).toEqual([0, 0, 255, 255]);
    expect(Array.from(px.slice(20, 24))).toEqual([255, 0, 0, 255]);
  });

  it('finds the cell under the pointer and nothing outside', () => {
    expect(cellAt(0, 0, 4, 10, 100, 40)).toEqual({ row: 0, col: 0 });
    expect(cellAt(99.9, 39.9, 4, 10, 100, 40)).toEqual({ row: 3, col: 9 });
    expect(cellAt(55, 15, 4, 10, 100, 40)).toEqual({ row: 1, col: 5 });
    expect(cellAt(100, 0, 4, 10, 100, 40)).toBeNull();
    expect(cellAt(-1, 5, 4, 10, 100, 40)).toBeNull();
  });
});

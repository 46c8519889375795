import { describe, expect, it } from 'vitest';
import { historyGrid } from './gradient_history.ts';

describe('historyGrid', () => {
  it('places rows linearly by training step, each showing the latest record at or before it', () => {
    const history = [0, 1, 2, 3, 100].map((step) => ({ step, norms: { l0: [step + 0.5, step + 1.5] } }));
    const grid = historyGrid(history, 'l0');
    expect(grid.rows).toBe(101);
    expect(grid.stepOf(0)).toBe(0);
    expect(grid.stepOf(100)).toBe(100);
    // The four early records take 4 of 101 rows, not four fifths of the chart.
    expect(grid.value(3, 0)).toBe(3.5);
    expect(grid.value(50, 1)).toBe(4.5);
    expect(grid.value(100, 0)).toBe(100.5);
  });

  it('spaces at most 200 rows evenly over a long run', () => {
    const history = [0, 5000, 10000].map((step) => ({ step, norms: { l0: [step] } }));
    const grid = historyGrid(history, 'l0');
    expect(grid.rows).toBe(200);
    expect(grid.stepOf(199)).toBe(10000);
    expect(grid.value(100, 0)).toBe(5000);
    expect(historyGrid([], 'l0').rows).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { TrainingPoint } from '../lab/host/protocol.ts';
import { curvePath, nearestPoint, thin, valueScale } from './loss_curve.ts';

const points = (n: number, spikeAt = -1): TrainingPoint[] =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: i === spikeAt ? 100 : 1 / (i + 1), metric: 0, gradNorm: 1 }));

describe('loss curve', () => {
  it('thins long histories but keeps spikes, the last point and step order', () => {
    const thinned = thin(points(5000, 1234), (p) => p.loss, 400);
    expect(thinned.length).toBeLessThanOrEqual(402);
    expect(thinned.some((p) => p.loss === 100)).toBe(true);
    expect(thinned[thinned.length - 1]?.step).toBe(5000);
    expect(thinned.every((p, i) => i === 0 || p.step > (thinned[i - 1]?.step ?? 0))).toBe(true);
  });

  it('leaves short histories alone', () => {
    expect(thin(points(10), (p) => p.loss, 400)).toHaveLength(10);
  });

  it('scales loss linearly from 0, or on a log axis without breaking on zeros', () => {
    expect(valueScale([0.5, 2], false, 100).domain()[0]).toBe(0);
    const log = valueScale([0, 0.01, 10], true, 100);
    expect(log.domain()[0]).toBeGreaterThan(0);
    expect(Number.isFinite(log(0.01))).toBe(true);
  });

  it('skips points without a held-out value and finds the nearest step', () => {
    const ps: TrainingPoint[] = [
      { step: 1, loss: 1, metric: 0, gradNorm: 1, evalLoss: 2 },
      { step: 2, loss: 1, metric: 0, gradNorm: 1 },
      { step: 3, loss: 1, metric: 0, gradNorm: 1, evalLoss: 1 },
    ];
    const d = curvePath(ps, (p) => p.evalLoss, (s) => s * 10, (v) => v, null);
    expect(d).toBe('M10,2L30,1');
    expect(nearestPoint(ps, 2.4)?.step).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { durationText, estimateReplaySeconds, flopsPerStep } from './replay_cost.ts';
import { defaultConfig, type ExperimentConfig } from './schema.ts';

/** The largest config a link may ask for (every size at its field's maximum). */
function largest(): ExperimentConfig {
  const c = defaultConfig('sine');
  return { ...c, seqLen: 500, batchSize: 256, model: { ...c.model, hiddenSize: 256, numLayers: 4, bidirectional: true } };
}

describe('replay cost', () => {
  it('counts an RNN step by hand: 3 × N × T × (2·H·(I+H) + 2·H·O)', () => {
    const c = defaultConfig('sine');
    const small = { ...c, batchSize: 2, seqLen: 3, model: { ...c.model, hiddenSize: 4, numLayers: 1, bidirectional: false } };
    // sine: 1 input, 1 output.
    expect(flopsPerStep(small)).toBe(3 * 2 * 3 * (2 * 4 * (1 + 4) + 2 * 4 * 1));
    const two = { ...small, model: { ...small.model, numLayers: 2, bidirectional: true } };
    // Layer 1 reads both directions of layer 0 (2·H inputs); the head reads 2·H.
    expect(flopsPerStep(two)).toBe(3 * 2 * 3 * (2 * 2 * 4 * (1 + 4) + 2 * 2 * 4 * (8 + 4) + 2 * 8 * 1));
  });

  it('puts the default sine run well under a minute and the largest link at days', () => {
    expect(estimateReplaySeconds(defaultConfig('sine'), 500)).toBeLessThan(5);
    const perStep = estimateReplaySeconds(largest(), 1);
    // The issue measured about 22 s a step for this config.
    expect(perStep).toBeGreaterThan(10);
    expect(perStep).toBeLessThan(60);
    expect(estimateReplaySeconds(largest(), 20_000)).toBeGreaterThan(86_400);
  });

  it('reads as words', () => {
    expect(durationText(0.2)).toBe('about 1 second');
    expect(durationText(42)).toBe('about 42 seconds');
    expect(durationText(150)).toBe('about 3 minutes');
    expect(durationText(7200)).toBe('about 2 hours');
    expect(durationText(5 * 86_400)).toBe('about 5 days');
  });
});

import { describe, expect, it } from 'vitest';
import { defaultConfig } from './schema.ts';
import { describeChange } from './diff.ts';

describe('describeChange', () => {
  const base = defaultConfig('sine');

  it('names a model change with PyTorch argument names', () => {
    const next = { ...base, model: { ...base.model, hiddenSize: 32 } };
    expect(describeChange(base, next)).toBe('Model changed: hidden_size 16 -> 32; training restarted');
  });

  it('names training and knob changes', () => {
    const next = { ...base, optimizer: { ...base.optimizer, lr: 0.1 }, knobs: { ...base.knobs, noise: 0.2 } };
    expect(describeChange(base, next)).toBe('Experiment changed: lr 0.01 -> 0.1, noise 0.05 -> 0.2; training restarted');
  });

  it('is null for no change', () => {
    expect(describeChange(base, { ...base })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { PRESETS, presetLink } from './presets.ts';
import { TASKS } from '../tasks/index.ts';
import { decodeLink } from './link.ts';

describe('presets', () => {
  it('are valid links that decode to themselves with no notice', () => {
    for (const p of PRESETS) {
      const { config, issues } = decodeLink(presetLink(p));
      expect(issues, p.id).toEqual([]);
      expect(config, p.id).toEqual(p.config);
    }
  });

  it('build their task without complaint', () => {
    for (const p of PRESETS) {
      const task = TASKS[p.config.task];
      const built = task.build({ knobs: p.config.knobs, ...(p.config.text === undefined ? {} : { text: p.config.text }) });
      expect(built.ok, p.id).toBe(true);
      if (built.ok) expect(p.config.seqLen).toBeLessThanOrEqual(built.data.seqLenRange.max);
    }
  });

  it('have unique ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});

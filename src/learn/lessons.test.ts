import { describe, expect, it } from 'vitest';
import { findPreset } from '../lab/config/presets.ts';
import { LESSONS } from './lessons.ts';

describe('lessons', () => {
  it('each link to an existing preset', () => {
    for (const lesson of LESSONS) expect(findPreset(lesson.preset), lesson.id).toBeDefined();
  });
});

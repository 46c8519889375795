import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemGpuDrivers } from './node_gpu.ts';

describe('systemGpuDrivers', () => {
  it("finds a GPU vendor's Vulkan driver, not lavapipe, and skips folders that do not exist", () => {
    const dir = mkdtempSync(join(tmpdir(), 'icd-'));
    try {
      for (const name of ['nvidia_icd.json', 'lvp_icd.x86_64.json', 'notes.txt']) writeFileSync(join(dir, name), '{}');
      expect(systemGpuDrivers([dir, join(dir, 'missing')])).toEqual([join(dir, 'nvidia_icd.json')]);
      expect(systemGpuDrivers([join(dir, 'missing')])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

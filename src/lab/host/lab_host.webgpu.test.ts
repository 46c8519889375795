/**
 * The host on WebGPU (Dawn in Node, SwiftShader without a GPU): a run moves to the GPU and back
 * without losing its step, reports its parity, and a lost device resumes the run on the CPU from
 * its last safe checkpoint, with a notice. Skipped, with the reason, where Dawn finds no adapter.
 */
import { describe, expect, it } from 'vitest';
import { torch } from 'engine';
import { nodeGpu } from '../../../engine/backends/webgpu/testing/node_gpu.ts';
import { defaultConfig } from '../config/schema.ts';
import { LabHost } from './lab_host.ts';
import type { LabEvent } from './protocol.ts';

const found = await nodeGpu();
const probe = 'gpu' in found ? await found.gpu.requestAdapter() : null;
const skip = probe === null ? ('reason' in found ? found.reason : 'no WebGPU adapter') : null;

const base = defaultConfig('sine');
const small = { ...base, seqLen: 8, batchSize: 8, model: { ...base.model, hiddenSize: 8 } };

function frames(events: LabEvent[]) {
  return events.flatMap((e) => (e.kind === 'frame' ? [e] : []));
}

describe.skipIf(skip !== null)(`LabHost on WebGPU${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  it('trains on the GPU, then survives losing it', async () => {
    const lab = new LabHost('gpu' in found ? found.gpu : undefined);
    const events: LabEvent[] = [];
    lab.listen((e) => events.push(e));
    expect(await lab.load(small, 2, 'webgpu')).toMatchObject({ ok: true, step: 2 });
    for (let i = 0; i < 2; i++) expect(await lab.step()).toEqual({ step: 3 + i });
    const onGpu = frames(events).at(-1);
    expect(onGpu?.backend.device).toBe('webgpu');
    expect(onGpu?.backend.parity).toBeLessThan(1e-3);
    expect(onGpu?.frame.history.map((p) => p.step)).toEqual([1, 2, 3, 4]);

    expect(lab.debugLoseDevice()).toBe(true);
    await expect.poll(() => events.some((e) => e.kind === 'device-notice'), { timeout: 10_000 }).toBe(true);
    const notice = events.find((e) => e.kind === 'device-notice');
    expect(notice?.kind === 'device-notice' && notice.message).toMatch(/^WebGPU stopped: the WebGPU device was lost.*moved to the CPU at step 4,/);
    expect(await lab.step()).toEqual({ step: 5 });
    const onCpu = frames(events).at(-1);
    expect(onCpu?.backend).toEqual({ device: 'cpu', adapter: null, parity: null, threads: 1 });
    expect(onCpu?.frame.history.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    torch.backends.webgpu.release();
  }, 120_000);

  it('writes the char model\'s free-running text on the GPU too, the same as on the CPU', async () => {
    const charlm = defaultConfig('charlm');
    const config = { ...charlm, seqLen: 8, batchSize: 4, model: { ...charlm.model, hiddenSize: 8 } };
    const writtenOn = async (device: 'cpu' | 'webgpu') => {
      const lab = new LabHost('gpu' in found ? found.gpu : undefined);
      const events: LabEvent[] = [];
      lab.listen((e) => events.push(e));
      // A link's steps replay on the CPU before the run moves to the GPU, so at step 2 both runs
      // hold the same weights bit for bit and must write the same text.
      expect(await lab.load(config, 2, device)).toMatchObject({ ok: true, step: 2 });
      const last = frames(events).at(-1);
      expect(last?.backend.device).toBe(device);
      return last?.frame.generatedText;
    };
    const onGpu = await writtenOn('webgpu');
    expect(onGpu?.length).toBeGreaterThan(10);
    expect(onGpu).toBe(await writtenOn('cpu'));
    torch.backends.webgpu.release();
  }, 120_000);
});

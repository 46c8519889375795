/**
 * torch.backends without a real GPU: every reason WebGPU cannot start comes back as one line, and
 * the device switch falls back to the CPU with it.
 */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

/** A GPU entry point whose adapter is `adapter` (null: none), enough for init() to decide. */
function fakeGpu(adapter: Partial<GPUAdapter> | null): GPU {
  return { requestAdapter: () => Promise.resolve(adapter) } as unknown as GPU;
}

describe('torch.backends.webgpu.init', () => {
  it('says navigator.gpu is missing where there is none (Node)', async () => {
    expect(await torch.backends.webgpu.init()).toEqual({
      ok: false,
      reason: 'WebGPU is not available here (navigator.gpu is missing)',
    });
    expect(torch.backends.webgpu.is_available()).toBe(false);
  });

  it('says there is no adapter', async () => {
    const result = await torch.backends.webgpu.init(fakeGpu(null));
    expect(result).toEqual({ ok: false, reason: 'no WebGPU adapter is available (no usable GPU or driver)' });
  });

  it('names a limit the adapter lacks', async () => {
    const limits = { maxStorageBuffersPerShaderStage: 4 } as GPUSupportedLimits;
    const result = await torch.backends.webgpu.init(fakeGpu({ limits }));
    expect(result).toEqual({
      ok: false,
      reason: "the WebGPU adapter's maxStorageBuffersPerShaderStage is 4; the engine needs at least 7",
    });
  });

  it("leaves torch.device('webgpu') unusable, saying how to start it", () => {
    expect(() => torch.zeros([2], { device: 'webgpu' })).toThrow(/call 'await torch.backends.webgpu.init\(\)' first/);
  });
});

describe('torch.backends.select_device', () => {
  it('runs on the CPU when asked, with nothing to say', async () => {
    const choice = await torch.backends.select_device('cpu');
    expect(choice).toEqual({ device: torch.device('cpu'), adapter: null, notice: null });
  });

  it('falls back to the CPU from auto, saying why', async () => {
    const choice = await torch.backends.select_device('auto', fakeGpu(null));
    expect(choice.device).toBe(torch.device('cpu'));
    expect(choice.notice).toBe('no WebGPU adapter is available (no usable GPU or driver); running on the CPU');
  });

  it('falls back to the CPU from an explicit WebGPU choice, saying it was asked for', async () => {
    const choice = await torch.backends.select_device('webgpu', fakeGpu(null));
    expect(choice.device).toBe(torch.device('cpu'));
    expect(choice.notice).toMatch(/^WebGPU was selected, but no WebGPU adapter is available .*; running on the CPU$/);
  });
});

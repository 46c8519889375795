/**
 * One test suite, every backend (tfjs's `describeWithFlags(…, ALL_ENVS)`): `forEachBackend` runs
 * a suite body once per backend, the CPU always and WebGPU when Dawn finds an adapter (here,
 * SwiftShader; see engine/backends/webgpu/README.md), and skips WebGPU with the reason otherwise.
 * Tests read values with the asynchronous forms, which work on every device.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nodeGpu, withInstallHint } from '../backends/webgpu/testing/node_gpu.ts';
import { torch } from '../index.ts';

export interface TestBackend {
  name: 'cpu' | 'webgpu';
  device: torch.Device;
  /**
   * `it(title, fn)`, or a skipped test naming the reason when {@link EXCLUDED} lists `title` for
   * this backend.
   */
  it(title: string, fn: () => Promise<void> | void): void;
}

/** Tests a backend does not run, by title, with the reason. Keep it empty where possible. */
const EXCLUDED: Record<TestBackend['name'], Record<string, string>> = {
  cpu: {},
  webgpu: {
    ...Object.fromEntries(
      ['mean', 'sum', 'none', 'smooth'].map((kind) => [
        `ce_ignore0_nonfinite_${kind}: gradient`,
        "WGSL exp(NaN) gives inf on SwiftShader, so the ignored row's gradient reads 0 where PyTorch has NaN (the loss itself matches); NaN through kernels is issue 10 item 1",
      ]),
    ),
  },
};

/** WebGPU started through `torch.backends.webgpu.init`, once per test file, or why not. */
const webgpu = await startWebGpu();

async function startWebGpu(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const found = await nodeGpu();
  if ('reason' in found) return { ok: false, reason: found.reason };
  const started = await torch.backends.webgpu.init(found.gpu);
  return started.ok ? started : { ok: false, reason: withInstallHint(started.reason) };
}

function testBackend(name: TestBackend['name']): TestBackend {
  return {
    name,
    device: torch.device(name),
    it(title, fn) {
      const reason = EXCLUDED[name][title];
      if (reason === undefined) it(title, fn);
      else it.skip(`${title} (excluded on ${name}: ${reason})`, fn);
    },
  };
}

/**
 * Calls `body` inside a `describe('[cpu]')` and a `describe('[webgpu]')`. The WebGPU block is
 * skipped with the reason when there is no adapter; it fails if the GPU reported any error, and
 * releases the device after. Call it once per test file (the release ends that file's GPU).
 *
 * @example
 * forEachBackend((b) => {
 *   b.it('adds', async () => {
 *     const x = torch.ones([2], { device: b.device });
 *     expect(await x.add(x).data()).toEqual(new Float32Array([2, 2]));
 *   });
 * });
 */
export function forEachBackend(body: (backend: TestBackend) => void): void {
  describe('[cpu]', () => body(testBackend('cpu')));
  if (!webgpu.ok) {
    describe.skip(`[webgpu] (skipped: ${webgpu.reason})`, () => it('needs a WebGPU adapter'));
    return;
  }
  describe('[webgpu]', () => {
    const errors: string[] = [];
    const unsubscribe = torch.backends.webgpu.onLost((message) => errors.push(message));
    afterAll(() => {
      unsubscribe();
      torch.backends.webgpu.release();
      expect(errors).toEqual([]);
    });
    body(testBackend('webgpu'));
  });
}

/** Flat values of a tensor on any device, or a clear failure when it is missing. */
export async function readValues(t: torch.Tensor | null | undefined, what: string): Promise<Float32Array> {
  if (t === null || t === undefined) throw new Error(`${what} is missing`);
  return t.data();
}

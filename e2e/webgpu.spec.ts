import { expect, test, type Page } from '@playwright/test';
import { lossValue, openApp, stepCount, stepTimes, watchErrors } from './helpers.ts';

/**
 * Training on WebGPU in Chromium (a SwiftShader adapter on machines without a GPU: correct but
 * slow, hence a tiny model and generous timeouts), and a lost device falling back to the CPU.
 * `?test` installs the page's test hook (src/test_hook.ts).
 */
const TINY = '?test#v=1&task=sine&h=8&T=8&bs=8';

/** Why this browser cannot run WebGPU, or null when it can. */
function noGpuReason(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    if (!('gpu' in navigator)) return 'navigator.gpu is missing';
    return (await navigator.gpu.requestAdapter()) === null ? 'no WebGPU adapter' : null;
  });
}

async function switchToWebGpu(page: Page): Promise<void> {
  await openApp(page, TINY);
  const reason = await noGpuReason(page);
  test.skip(reason !== null, `no WebGPU here: ${reason}`);
  await page.getByTestId('backend-switch').selectOption('webgpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-device', 'webgpu', { timeout: 30_000 });
}

test('trains on WebGPU and shows the backend and its CPU parity', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await switchToWebGpu(page);
  await expect(page.getByTestId('backend')).toContainText('WebGPU');
  await stepTimes(page, 2);
  const first = await lossValue(page);
  await page.getByTestId('play').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(40);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Play');
  expect(await lossValue(page)).toBeLessThan(first);
  const parity = page.getByTestId('parity');
  await expect(parity).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
  expect(Number(await parity.getAttribute('data-value'))).toBeLessThan(1e-3);
  await expect(page.getByTestId('device-notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a lost GPU moves the run to the CPU and training goes on', async ({ page }) => {
  test.setTimeout(120_000);
  await switchToWebGpu(page);
  await page.getByTestId('play').click();
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(10);
  const before = await stepCount(page);
  expect(await page.evaluate(() => window.__rnnPlaygroundTest?.loseDevice())).toBe(true);
  await expect(page.getByTestId('device-notice')).toContainText(/WebGPU stopped: the WebGPU device was lost.*moved to the CPU at step \d+/, { timeout: 30_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-device', 'cpu');
  await expect(page.getByTestId('backend-switch')).toHaveValue('cpu');
  await expect(page.getByTestId('parity')).toHaveCount(0);
  // Still playing, on the CPU, past where the GPU stopped; the curve kept its earlier points.
  await expect(page.getByTestId('play')).toHaveText('Pause');
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(before + 50);
  await page.getByTestId('play').click();
});

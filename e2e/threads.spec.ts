import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from './helpers.ts';

test('the page is cross-origin isolated and the worker trains on every core (up to 8)', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  // vite preview sends COOP/COEP (vite.config.ts), so the worker may share WebAssembly memory.
  expect(isolated).toBe(true);
  const expected = Math.min(cores, 8);
  const indicator = page.getByTestId('cpu-threads');
  // The workers start in the background: the count reaches every core within a few snapshots.
  await page.getByTestId('step').click();
  await expect(indicator).toHaveAttribute('data-threads', String(expected), { timeout: 15_000 });
  await expect(indicator).toHaveText(expected > 1 ? `${expected} cores` : '1 core');
  expect(errors).toEqual([]);
});

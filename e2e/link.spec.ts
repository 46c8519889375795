import { expect, test } from '@playwright/test';
import { lossValue, openApp, stepTimes } from './helpers.ts';

// Bidirectional reshapes the model, so it restarts (nonlinearity is live since issue 14: it no longer does).
test('changing the config updates the URL, says why it restarted, and a reload restores it', async ({ page }) => {
  await openApp(page);
  await page.getByLabel(/Bidirectional/).check();
  await expect(page.getByTestId('change-note')).toHaveText(/Model changed: bidirectional false -> true; training restarted/);
  await expect(page).toHaveURL(/bi=(1|true)/);
  await stepTimes(page, 2);
  await expect(page).toHaveURL(/step=2/);
  await page.reload();
  await expect(page.locator('main[data-status="ready"]')).toBeVisible();
  await expect(page.getByLabel(/Bidirectional/)).toBeChecked();
  await expect(page.getByTestId('step-count')).toHaveText('2');
});

test('the same link gives the same loss after N steps in a fresh page', async ({ page, context }) => {
  await openApp(page, '#v=1&task=sine&h=8&T=20&seed=7');
  await stepTimes(page, 4);
  const loss = await lossValue(page);
  const fresh = await context.newPage();
  await openApp(fresh, '#v=1&task=sine&h=8&T=20&seed=7&step=4');
  await expect(fresh.getByTestId('step-count')).toHaveText('4');
  expect(await lossValue(fresh)).toBe(loss);
});

test('a malformed link shows a notice naming the fields, and the page still works', async ({ page }) => {
  await openApp(page, '#v=1&task=sine&h=banana&L=99&act=gelu&zzz=1');
  const notice = page.getByTestId('link-notice');
  await expect(notice).toBeVisible();
  for (const name of ['hidden_size', 'num_layers', 'nonlinearity', 'zzz']) await expect(notice).toContainText(name);
  await stepTimes(page, 1);
});

test('a preset link opens its experiment', async ({ page }) => {
  await openApp(page);
  await page.locator('a[data-preset="parity-memory"]').click();
  await expect(page.locator('main[data-status="ready"]')).toBeVisible();
  await expect(page).toHaveURL(/task=parity/);
  await expect(page.getByLabel('Task', { exact: true })).toHaveValue('parity');
});

test('Share copies a link that reproduces the run at its step', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await stepTimes(page, 2);
  await page.getByTestId('share').click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('step=2');
  expect(new URL(copied).hash).toBe(new URL(page.url()).hash);
});

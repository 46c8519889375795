import { expect, test } from '@playwright/test';
import { lossValue, openApp, stepCount, stepTimes, watchErrors } from './helpers.ts';

test('the default page loads with a ready experiment and no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.getByRole('heading', { name: 'RNN Playground' })).toBeVisible();
  await expect(page.getByTestId('step-count')).toHaveText('0');
  await expect(page.getByTestId('readout')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Play makes the loss fall, Pause stops it', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 1);
  const first = await lossValue(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Pause');
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(60);
  await expect(page.getByTestId('rate')).not.toHaveText('–');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Play');
  // Snapshots already in flight when Pause was clicked may still land; then nothing moves.
  await page.waitForTimeout(300);
  const stopped = await stepCount(page);
  expect(await lossValue(page)).toBeLessThan(first * 0.5);
  await page.waitForTimeout(700);
  expect(await stepCount(page)).toBe(stopped);
});

test('Step advances exactly one optimizer step; Reset goes back to 0', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 3);
  await page.waitForTimeout(300);
  expect(await stepCount(page)).toBe(3);
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('step-count')).toHaveText('0');
});

test('a character model writes text of its own as it trains', async ({ page }) => {
  await openApp(page, '#v=1&task=charlm&h=32&T=16');
  await stepTimes(page, 2);
  const sample = page.getByTestId('sample');
  await expect(sample).toBeVisible();
  const before = (await sample.locator('pre').textContent()) ?? '';
  expect(before.length).toBeGreaterThan(100);
  // A colder temperature resamples the same model: the text changes, the step does not.
  await sample.getByLabel('sampling temperature').fill('0.1');
  await expect(sample.locator('output')).toHaveText('0.10');
  await expect(sample.locator('pre')).not.toHaveText(before);
  const cold = (await sample.locator('pre').textContent()) ?? '';
  await sample.getByRole('button', { name: 'Generate' }).click();
  await expect(sample.locator('pre')).not.toHaveText(cold);
  await expect(page.getByTestId('step-count')).toHaveText('2');
});

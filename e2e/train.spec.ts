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
  // Frames already in flight when Pause was clicked may still land; then nothing moves.
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
  const generated = page.getByTestId('generated-text');
  await expect(generated).toBeVisible();
  const before = (await generated.locator('pre').textContent()) ?? '';
  expect(before.length).toBeGreaterThan(100);
  // A colder temperature rewrites the text of the same model: the text changes, the step does not.
  await generated.getByLabel('sampling temperature').fill('0.1');
  await expect(generated.locator('output')).toHaveText('0.10');
  await expect(generated.locator('pre')).not.toHaveText(before);
  const cold = (await generated.locator('pre').textContent()) ?? '';
  await generated.getByRole('button', { name: 'Generate' }).click();
  await expect(generated.locator('pre')).not.toHaveText(cold);
  await expect(page.getByTestId('step-count')).toHaveText('2');
});

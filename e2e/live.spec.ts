import { expect, test } from '@playwright/test';
import { openApp, stepCount } from './helpers.ts';

test('Train N steps stops exactly at the step asked for, at max speed and at a set speed', async ({ page }) => {
  await openApp(page, '#v=1&task=sine&h=8&bs=8');
  await page.getByTestId('train-steps-count').fill('300');
  await page.getByTestId('train-steps').click();
  await expect(page.getByTestId('play')).toHaveText('Pause');
  await expect(page.getByTestId('play')).toHaveText('Play', { timeout: 45_000 });
  await expect(page.getByTestId('step-count')).toHaveText('300');
  // Nothing runs on after the stop.
  await page.waitForTimeout(500);
  expect(await stepCount(page)).toBe(300);
  await page.getByLabel('Speed').selectOption('5');
  await page.getByTestId('train-steps-count').fill('3');
  await page.getByTestId('train-steps').click();
  await expect(page.getByTestId('play')).toHaveText('Play', { timeout: 10_000 });
  await expect(page.getByTestId('step-count')).toHaveText('303');
  await expect(page).toHaveURL(/step=303/);
});

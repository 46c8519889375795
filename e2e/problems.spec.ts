import { expect, test } from '@playwright/test';
import { PRESETS, presetLink } from '../src/lab/config/presets.ts';
import { openApp, stepCount, stepTimes } from './helpers.ts';

test('a NaN pauses training with the step, where, and a suggestion; the run stays at the last good step', async ({ page }) => {
  const exploding = PRESETS.find((p) => p.id === 'exploding-relu');
  if (!exploding) throw new Error('the exploding-relu preset is missing');
  await openApp(page, `#${presetLink(exploding)}`);
  await page.getByTestId('play').click();
  const problem = page.getByTestId('problem');
  await expect(problem).toBeVisible({ timeout: 30_000 });
  await expect(problem).toContainText(/Training paused at step \d+/);
  await expect(problem).toContainText(/learning rate|clipping/);
  await expect(page.getByTestId('play')).toHaveText('Play');
  const text = (await problem.textContent()) ?? '';
  const failed = Number(/paused at step (\d+)/.exec(text)?.[1]);
  const good = Number(/went back to step (\d+)/.exec(text)?.[1]);
  expect(good).toBeLessThan(failed);
  expect(await stepCount(page)).toBe(good);
});

test('invalid text is kept and its errors are shown beside it', async ({ page }) => {
  await openApp(page, '#v=1&task=charlm');
  const text = page.getByLabel('Text to learn');
  await text.fill('aaaa');
  await expect(page.getByTestId('text-errors')).not.toBeEmpty();
  await expect(page).toHaveURL(/text=aaaa/);
  await page.reload();
  await expect(page.getByLabel('Text to learn')).toHaveValue('aaaa');
});

test('a crashed worker is restarted, the user told, and the configuration kept', async ({ page }) => {
  await openApp(page, '#v=1&task=parity&h=8');
  await stepTimes(page, 2);
  const [worker] = page.workers();
  if (!worker) throw new Error('no worker found');
  // An uncaught error in the worker's global scope: what a real crash looks like to the page.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(page.getByTestId('worker-notice')).toContainText('simulated crash');
  await expect(page.locator('main[data-status="ready"]')).toBeVisible();
  await expect(page.getByTestId('step-count')).toHaveText('2');
  await expect(page).toHaveURL(/task=parity&h=8/);
  await stepTimes(page, 1);
});

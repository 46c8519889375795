import { expect, test } from '@playwright/test';
import { PRESETS, presetLink } from '../src/lab/presets.ts';
import { openApp, stepCount } from './helpers.ts';

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
  const failed = Number(/step (\d+)/.exec((await problem.textContent()) ?? '')?.[1]);
  expect(await stepCount(page)).toBe(failed - 1);
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

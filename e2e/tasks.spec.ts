import { expect, test } from '@playwright/test';
import { TASK_IDS } from '../src/lab/tasks/index.ts';
import { openApp, stepTimes, watchErrors } from './helpers.ts';

test('every task opens, steps, and shows both passes without errors', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  for (const task of TASK_IDS) {
    await page.goto(`./#v=1&task=${task}`);
    await page.reload();
    const main = page.locator('main');
    await expect(main).toHaveAttribute('data-status', /ready|invalid/, { timeout: 30_000 });
    if ((await main.getAttribute('data-status')) === 'invalid') {
      // Tasks that need the user's data say so instead of training.
      await expect(page.getByTestId('task-errors'), task).toBeVisible();
      continue;
    }
    await stepTimes(page, 1);
    await expect(page.getByTestId('readout'), task).toContainText('prediction');
    await page.getByTestId('mode-backward').check({ force: true });
    await expect(page.getByTestId('gnorm-l0'), task).toBeVisible();
    await page.getByTestId('mode-forward').check({ force: true });
  }
  expect(errors).toEqual([]);
});

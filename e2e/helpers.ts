import { expect, type Page } from '@playwright/test';

/** Collects console errors and page errors for the whole test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Opens the app (optionally at a hash) and waits until the run is ready to train. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator('main[data-status="ready"]')).toBeVisible({ timeout: 30_000 });
}

export async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-count').textContent());
}

/** Clicks Step n times, waiting for each step to land. */
export async function stepTimes(page: Page, n: number): Promise<void> {
  const start = await stepCount(page);
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('step-count')).toHaveText(String(start + i));
  }
}

export async function lossValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss').getAttribute('data-value'));
}

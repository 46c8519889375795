import { expect, test } from '@playwright/test';

test('the default page loads with no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'RNN Playground' })).toBeVisible();
  expect(errors).toEqual([]);
});

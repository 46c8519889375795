import { expect, test } from '@playwright/test';

/** Screenshots at the two target widths, for a person to look at (test-results/screens/). */
for (const viewport of [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
]) {
  test(`renders at ${viewport.width}px after a few steps`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('./');
    await expect(page.getByTestId('play')).toBeEnabled();
    for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
    await expect(page.getByTestId('step-count')).toHaveText('5');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screens/top-${viewport.width}.png` });
    await page.screenshot({ path: `test-results/screens/full-${viewport.width}.png`, fullPage: true });
    // Tab follows what the eye sees: the toolbar (Play first) before the configuration panels.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const stops: string[] = [];
    for (let i = 0; i < 40 && !stops.includes('config'); i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => (document.activeElement?.closest('.toolbar') ? 'toolbar' : document.activeElement?.closest('.config') ? 'config' : 'other')));
    }
    expect(stops.indexOf('toolbar')).toBeGreaterThanOrEqual(0);
    expect(stops.indexOf('toolbar')).toBeLessThan(stops.indexOf('config'));
  });
}

test('renders a trained run in backward mode (the README screenshot)', async ({ page }) => {
  await page.goto('./#v=1&task=echo&h=16&T=30&k.delay=5');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent()), { timeout: 30_000 }).toBeGreaterThan(120);
  await page.getByTestId('play').click();
  await page.getByTestId('mode-backward').check({ force: true });
  for (let i = 0; i < 8; i++) await page.getByTestId('t-prev').click();
  await page.getByTestId('play').focus();
  await page.screenshot({ path: 'test-results/screens/trained-1280.png' });
  await page.screenshot({ path: 'test-results/screens/trained-full-1280.png', fullPage: true });
});

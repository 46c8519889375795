import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, stepTimes } from './helpers.ts';

for (const width of [1280, 768]) {
  test(`axe finds no serious or critical violations at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openApp(page);
    await stepTimes(page, 1);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
  });
}

test('axe finds no serious or critical violations with notices, backward mode and a text task', async ({ page }) => {
  await openApp(page, '#v=1&task=charlm&h=16&T=8&L=9');
  await expect(page.getByTestId('link-notice')).toBeVisible();
  await stepTimes(page, 1);
  await page.getByTestId('mode-backward').check({ force: true });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
});

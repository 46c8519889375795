/** Issue 13: the demos tell the truth: a diverging run draws and says what broke, the views show the engine's numbers. */
import { expect, test } from '@playwright/test';
import { encodeLink } from '../src/lab/config/link.ts';
import { defaultConfig } from '../src/lab/config/schema.ts';
import { PRESETS, presetLink } from '../src/lab/config/presets.ts';
import { openApp, stepCount, watchErrors } from './helpers.ts';

const preset = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

test('the exploding preset diverges with zero console errors, names what broke first, and Step then says why nothing happens', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, `#${presetLink(preset('exploding-relu'))}`);
  await expect(page.getByTestId('initial-radius')).toContainText('l0 1.5');
  await page.getByTestId('play').click();
  const problem = page.getByTestId('problem');
  await expect(problem).toBeVisible({ timeout: 30_000 });
  await expect(problem).toContainText(/Training paused at step \d+: (the training loss|the gradient of \S+|\S+ after the update|the held-out loss) became (NaN|Infinity|-Infinity) first/);
  const at = await stepCount(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('stuck')).toContainText('Nothing happened');
  expect(await stepCount(page)).toBe(at);
  await page.getByTestId('mode-backward').check({ force: true });
  await page.waitForTimeout(300);
  expect(errors).toEqual([]);
});

test('the equation panel shows the numbers the probe computed, forward and backward; predictions are mounted', async ({ page }) => {
  await openApp(page, `#${presetLink(preset('sine-hello'))}`);
  await expect(page.getByTestId('predictions').locator('svg').first()).toBeVisible();
  const eq = page.getByTestId('equation');
  await expect(eq).toHaveAttribute('data-mode', 'forward');
  const h = Number((await page.getByTestId('h-l0').getAttribute('data-values'))?.split(',')[0]);
  const shown = Number(await eq.getAttribute('data-value'));
  expect(Math.abs(shown - h)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(h)));
  await page.getByTestId('mode-backward').check({ force: true });
  await expect(eq).toHaveAttribute('data-mode', 'backward');
  const g = Number((await page.getByTestId('g-l0').getAttribute('data-values'))?.split(',')[0]);
  const shownG = Number(await eq.getAttribute('data-value'));
  expect(Math.abs(shownG - g)).toBeLessThanOrEqual(1e-3 * Math.max(1e-6, Math.abs(g)));
});

test('bidirectional on a next-value task warns that it reads the answer from the future', async ({ page }) => {
  const base = defaultConfig('sine');
  await openApp(page, `#${encodeLink({ ...base, model: { ...base.model, bidirectional: true } })}`);
  await expect(page.getByTestId('leak-warning')).toContainText('already seen that next value');
  await openApp(page, `#${encodeLink(base)}`);
  await expect(page.getByTestId('leak-warning')).toHaveCount(0);
});

test('screenshots: vanishing and exploding presets at steps 0, 1 and 50, forward and backward, 1280 and 768 wide', async ({ page }) => {
  test.setTimeout(240_000);
  for (const id of ['vanishing-tanh', 'exploding-relu']) {
    for (const step of [0, 1, 50]) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openApp(page, `#${presetLink(preset(id))}${step > 0 ? `&step=${step}` : ''}`);
      for (const mode of ['forward', 'backward']) {
        await page.getByTestId(`mode-${mode}`).check({ force: true });
        for (const width of [1280, 768]) {
          await page.setViewportSize({ width, height: 800 });
          await page.waitForTimeout(250);
          await page.screenshot({ path: `test-results/truth/${id}-step${step}-${mode}-${width}.png`, fullPage: true });
        }
      }
    }
  }
});

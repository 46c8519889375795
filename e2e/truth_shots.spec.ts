/**
 * Issue 13's evidence: the vanishing and exploding presets at steps 0, 1 and 50, forward and
 * backward, at 1280x800, and one at 768 px wide, for a person to look at (test-results/truth-shots/,
 * not committed). The run must not log a console error on the way.
 */
import { expect, test } from '@playwright/test';
import { PRESETS, presetLink } from '../src/lab/config/presets.ts';
import { openApp, watchErrors } from './helpers.ts';

const DIR = 'test-results/truth-shots';

function link(id: string): string {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return presetLink(p);
}

test('vanishing and exploding presets at steps 0, 1 and 50, forward and backward', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const id of ['vanishing-tanh', 'exploding-relu']) {
    for (const step of [0, 1, 50]) {
      await openApp(page, `#${link(id)}${step > 0 ? `&step=${step}` : ''}`);
      for (const mode of ['forward', 'backward'] as const) {
        await page.getByTestId(`mode-${mode}`).check({ force: true });
        await page.waitForTimeout(400);
        await page.screenshot({ path: `${DIR}/${id}-step${step}-${mode}.png`, fullPage: true });
      }
    }
  }
  await page.setViewportSize({ width: 768, height: 800 });
  await openApp(page, `#${link('exploding-relu')}&step=1`);
  await page.getByTestId('mode-backward').check({ force: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${DIR}/exploding-relu-step1-backward-768.png`, fullPage: true });
  expect(errors).toEqual([]);
});

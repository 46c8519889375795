/**
 * Issue 13, "non-finite values are drawn, not hidden": a diverging run marks its NaN on the loss
 * chart and the spectral-radius chart, each with a legend entry, and logs no console error (an SVG
 * attribute handed NaN logs `<path> attribute d: Expected number`).
 */
import { expect, test, type Locator } from '@playwright/test';
import { PRESETS, presetLink } from '../src/lab/config/presets.ts';
import { openApp, watchErrors } from './helpers.ts';

function link(id: string): string {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return presetLink(p);
}

/** The chart marks the step where training stopped, with the value's kind, and names it in its legend. */
async function expectStopMarked(card: Locator, kind: string, step: number): Promise<void> {
  await expect(card.getByTestId('stop-mark')).toHaveCount(1);
  await expect(card.getByTestId('stop-mark')).toHaveAttribute('data-kind', kind);
  const key = card.getByTestId('nonfinite-key').filter({ hasText: `step ${step}:` });
  await expect(key).toBeVisible();
  await expect(key).toHaveAttribute('data-kind', kind);
}

test('the exploding preset without clipping diverges: NaN marked on the loss and ρ charts, with legend entries, and no console error', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, `#${link('exploding-relu')}`);
  await page.getByTestId('play').click();
  const problem = page.getByTestId('problem');
  await expect(problem).toBeVisible({ timeout: 30_000 });
  const text = (await problem.textContent()) ?? '';
  const [, step, value] = /Training paused at step (\d+): .* became (NaN|Infinity|-Infinity) first/.exec(text) ?? [];
  expect(step).toBeDefined();
  const kind = value === 'NaN' ? 'nan' : value === 'Infinity' ? 'inf' : '-inf';
  await expectStopMarked(page.getByTestId('loss-card'), kind, Number(step));
  await expectStopMarked(page.getByTestId('spectral-card'), kind, Number(step));
  // Both modes of the step-by-step views draw the run's last good state without an error.
  await page.getByTestId('mode-backward').check({ force: true });
  await page.waitForTimeout(300);
  await page.getByTestId('mode-forward').check({ force: true });
  await page.waitForTimeout(300);
  expect(errors).toEqual([]);
});

test('a link replayed into a NaN held-out loss keeps that point, marked ✕ on the loss chart', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, `#${link('exploding-relu')}&step=1`);
  await expect(page.getByTestId('problem')).toContainText('the held-out loss became NaN');
  const loss = page.getByTestId('loss-card');
  // The held-out loss and the held-out metric of step 1, and the stop mark at step 1.
  await expect(loss.locator('[data-testid="nonfinite-mark"][data-kind="nan"]')).toHaveCount(3);
  await expect(loss.locator('[data-testid="nonfinite-key"][data-kind="nan"]').first()).toContainText('NaN');
  await expect(page.getByTestId('eval-loss')).toHaveText('NaN');
  expect(errors).toEqual([]);
});

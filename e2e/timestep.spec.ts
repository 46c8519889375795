import { expect, test } from '@playwright/test';
import { Experiment } from '../src/lab/run/experiment.ts';
import { defaultConfig } from '../src/lab/config/schema.ts';
import { openApp, stepTimes } from './helpers.ts';

function values(text: string | null): number[] {
  return (text ?? '').split(',').map(Number);
}

test('moving the timestep cursor shows h_t the worker computed at that step', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 2);
  const h = page.getByTestId('h-l0');
  const at0 = values(await h.getAttribute('data-values'));
  expect(at0).toHaveLength(16);
  await page.getByTestId('t-next').click();
  await expect(page.getByTestId('t-value')).toHaveText('t = 1 / 39');
  await expect(page.getByTestId('readout')).toHaveAttribute('data-t', '1');
  const at1 = values(await h.getAttribute('data-values'));
  expect(at1).not.toEqual(at0);
  // tanh keeps every unit in (-1, 1); the shown norm is the norm of the shown vector.
  for (const v of at1) expect(Math.abs(v)).toBeLessThan(1);
  await page.getByTestId('t-prev').click();
  expect(values(await h.getAttribute('data-values'))).toEqual(at0);
  // The same link in a fresh page computes the same h_t: the values come from the seeded run.
  const link = page.url();
  const again = await page.context().newPage();
  await openApp(again, new URL(link).hash);
  expect(values(await again.getByTestId('h-l0').getAttribute('data-values'))).toEqual(at0);
});

test('the h_t on screen equals the same run computed independently in Node', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 3);
  // The default experiment, built and trained here in the test process with the lab itself.
  const built = Experiment.create(defaultConfig());
  if (!built.ok) throw new Error('the default config did not build');
  for (let i = 0; i < 3; i++) await built.data.trainStep();
  const probe = await built.data.probe(0);
  for (const t of [0, 5]) {
    await page.getByTestId('t-slider').fill(String(t));
    await expect(page.getByTestId('readout')).toHaveAttribute('data-t', String(t));
    const shown = values(await page.getByTestId('h-l0').getAttribute('data-values'));
    const expected = Array.from(probe.layers[0]!.hidden[t]!);
    // The readout rounds to 4 significant digits.
    shown.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 3));
  }
});

test('backward mode walks dL/dh_t from the last step back, with norm and ratio', async ({ page }) => {
  await openApp(page);
  await stepTimes(page, 1);
  await page.getByTestId('mode-backward').check({ force: true });
  await expect(page.getByTestId('t-value')).toHaveText('t = 39 / 39');
  const norm = page.getByTestId('gnorm-l0');
  const last = Number(await norm.getAttribute('data-value'));
  expect(last).toBeGreaterThan(0);
  await expect(page.getByTestId('gratio-l0')).toHaveText('first step it reaches');
  await page.getByTestId('t-prev').click();
  await expect(page.getByTestId('t-value')).toHaveText('t = 38 / 39');
  const prev = Number(await norm.getAttribute('data-value'));
  expect(prev).toBeGreaterThan(0);
  await expect(page.getByTestId('gratio-l0')).toContainText('(from t = 39)');
  expect(await page.getByTestId('g-l0').getAttribute('data-values')).toBeTruthy();
});

test('keyboard: space plays and pauses, arrows move the cursor, Tab reaches controls with visible focus', async ({ page }) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('t-value')).toHaveText('t = 2 / 39');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('t-value')).toHaveText('t = 1 / 39');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText('Pause');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText('Play');
  // Tab through the page: every stop is visible with an outline.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const target = el?.closest('.modes label') ?? el;
      return target ? getComputedStyle(target).outlineStyle : 'none';
    });
    expect(outline).not.toBe('none');
  }
});

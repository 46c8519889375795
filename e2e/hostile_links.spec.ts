/**
 * Issue 11: links from strangers. Each hostile link opens to a usable page within a few seconds,
 * with a short notice naming what was not used, a page no wider than the window and no console
 * errors. What each did (time to a usable page, notice length) is appended to
 * test-results/hostile_links.jsonl for the closing note.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { zlibSync } from 'fflate';
import { watchErrors } from './helpers.ts';

/** Seconds from navigation to a page that answers (controls drawn, the run ready or asking). */
const USABLE_WITHIN_MS = 10_000;
/** Characters a link notice may hold: twenty short lines and "and N more". */
const MAX_NOTICE_CHARS = 4_000;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` of one letter, deflated: a zip bomb of that inflated size. */
function zipBomb(bytes: number): string {
  return base64url(zlibSync(new Uint8Array(bytes).fill(97), { level: 9 }));
}

function record(entry: Record<string, unknown>): void {
  mkdirSync('test-results', { recursive: true });
  appendFileSync('test-results/hostile_links.jsonl', `${JSON.stringify(entry)}\n`);
}

/** Opens a hash and measures what the page did with it. */
async function openHostile(page: Page, name: string, hash: string, ready = 'main[data-status="ready"]') {
  const errors = watchErrors(page);
  const started = Date.now();
  await page.goto(`./#${hash}`);
  await expect(page.locator(ready)).toBeVisible({ timeout: USABLE_WITHIN_MS });
  const usableMs = Date.now() - started;
  const notice = page.getByTestId('link-notice');
  const noticeText = (await notice.count()) > 0 ? ((await notice.textContent()) ?? '') : '';
  const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
  record({ name, linkChars: hash.length, usableMs, noticeChars: noticeText.length, notice: noticeText.slice(0, 600), ...width });
  expect(width.page, `${name}: page wider than the window`).toBeLessThanOrEqual(width.window);
  expect(noticeText.length).toBeLessThanOrEqual(MAX_NOTICE_CHARS);
  return { notice, noticeText, errors };
}

test('a 136 KB zip bomb in tz= (100 MB inflated) and a 68 KB one (50 MB) stop at the cap and keep the default text', async ({ page }) => {
  for (const [name, bytes] of [
    ['zip bomb 100 MB', 100_000_000],
    ['zip bomb 50 MB', 50_000_000],
  ] as const) {
    const hash = `v=1&task=charlm&tz=${zipBomb(bytes)}`;
    const { noticeText, errors } = await openHostile(page, `${name} (${Math.round(hash.length / 1000)} KB link)`, hash);
    expect(noticeText).toContain('the compressed text inflates past 800,000 bytes; using the default text');
    expect(errors).toEqual([]);
  }
});

test('a 1 MB value is quoted as a short piece and the page stays as wide as the window', async ({ page }) => {
  const mb = 'x'.repeat(1_000_000);
  const { noticeText, errors } = await openHostile(page, '1 MB value (h= and an unknown key)', `v=1&task=sine&h=${mb}&${mb}=1`);
  expect(noticeText).toContain('(1,000,000 characters)');
  expect(errors).toEqual([]);
});

test('50,000 unknown keys: twenty listed, the rest counted', async ({ page }) => {
  const hash = `v=1&task=sine&${Array.from({ length: 50_000 }, (_, i) => `junk${i}=${i}`).join('&')}`;
  const { notice, noticeText, errors } = await openHostile(page, '50,000 unknown keys', hash);
  await expect(notice.locator('li')).toHaveCount(21);
  expect(noticeText).toContain('…and 49,980 more problems, not listed.');
  expect(errors).toEqual([]);
});

test('bogus task knobs are clamped to their range, named, shown as used, and never shared', async ({ page }) => {
  const { notice, errors } = await openHostile(page, 'sine knobs noise=1e300 freqMin=-5 freqMax=99', 'v=1&task=sine&k.noise=1e300&k.freqMin=-5&k.freqMax=99');
  await expect(notice).toContainText('k.noise: 1e+300 is outside 0..0.5; using 0.5');
  await expect(notice).toContainText('k.freqMin: -5 is outside 0.01..0.25; using 0.01');
  await expect(notice).toContainText('k.freqMax: 99 is outside 0.01..0.25; using 0.25');
  // The sliders show what the run uses, and the URL the page writes back holds only those values.
  await expect(page.locator('.field', { hasText: 'Input noise' }).locator('output')).toHaveText('0.5');
  await expect(page.locator('.field', { hasText: 'Highest frequency' }).locator('output')).toHaveText('0.25');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('k.noise=0.5');
  const hash = await page.evaluate(() => location.hash);
  expect(hash).not.toContain('1e300');
  expect(hash).not.toContain('k.freqMax=99');
  expect(errors).toEqual([]);

  const echo = await openHostile(page, 'echo k.delay=9999', 'v=1&task=echo&k.delay=9999', 'main[data-status="ready"], main[data-status="invalid"]');
  await expect(echo.notice).toContainText('k.delay: 9999 is outside 1..100; using 100');
  await expect(page.locator('.field', { hasText: 'Delay k' }).locator('output')).toHaveText('100');
  expect(echo.errors).toEqual([]);
});

test('prototype names are unknown names, named in the notice and never carried on', async ({ page }) => {
  const { notice, errors } = await openHostile(page, 'prototype names', 'v=1&task=sine&k.toString=1&k.constructor=2&k.__proto__=3&__proto__=1&constructor=1');
  for (const name of ['k.toString', 'k.constructor', 'k.__proto__', '__proto__', 'constructor']) await expect(notice).toContainText(`${name}:`);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('task=sine');
  const hash = await page.evaluate(() => location.hash);
  for (const name of ['toString', 'constructor', '__proto__']) expect(hash).not.toContain(name);
  expect(errors).toEqual([]);
});

test('a link past the replay cap says so on opening, and asks before the long replay', async ({ page }) => {
  const { notice, errors } = await openHostile(page, 'parity step=50000 (past the cap)', 'v=1&task=parity&step=50000');
  await expect(notice).toContainText('a link replays at most 20,000 steps, so it opens at step 20,000');
  await expect(page.getByTestId('replay-ask')).toContainText('This link was shared at step 20,000. Replaying there takes about');
  record({ name: 'parity step=50000 ask', ask: await page.getByTestId('replay-ask').textContent() });
  expect(errors).toEqual([]);
});

test('a costly link says how long its replay takes and asks before starting', async ({ page }) => {
  const { errors } = await openHostile(page, 'costly link (h=256, L=2, batch 64, T=100, step 20,000)', 'v=1&task=sine&h=256&L=2&bs=64&T=100&step=20000');
  const ask = page.getByTestId('replay-ask');
  await expect(ask).toContainText('This link was shared at step 20,000. Replaying there takes about');
  await expect(page.getByTestId('step-count')).toHaveText('0');
  record({ name: 'costly link ask', ask: await ask.textContent() });
  await page.getByTestId('replay-stay').click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('step-count')).toHaveText('0');
  // Staying at step 0 writes the link back at step 0; Replay would have started the replay.
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('step=');
  await page.goto('./#v=1&task=sine&h=256&L=2&bs=64&T=100&step=20000');
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay')).toBeVisible({ timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('screenshots of a long notice at 1280x800 and 768 wide', async ({ page }) => {
  const mb = 'y'.repeat(1_000_000);
  const junk = Array.from({ length: 30 }, (_, i) => `junk${i}=${i}`).join('&');
  const hash = `v=1&task=sine&h=${mb}&k.noise=1e300&k.toString=1&lr=-4&${junk}`;
  for (const [width, height] of [
    [1280, 800],
    [768, 1024],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openHostile(page, `long notice at ${width}px`, hash);
    await page.screenshot({ path: `test-results/hostile-notice-${width}.png` });
  }
});

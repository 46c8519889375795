import { expect, test, type Page } from '@playwright/test';
import { openApp, stepTimes, watchErrors } from './helpers.ts';

/** Every Content-Security-Policy violation the page reports, from the page and its workers' console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(line: string): void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Trusted Type/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('worker', (worker) => worker.on('console', (msg) => /Content Security Policy|Trusted Type/i.test(msg.text()) && violations.push(`worker: ${msg.text()}`)));
  return violations;
}

test('the build ships a strict CSP, and loads and trains under it with no violation', async ({ page }) => {
  const errors = watchErrors(page);
  const violations = await watchViolations(page);
  const response = await page.goto('./#v=1&task=sine&h=8');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(meta).not.toContain("'unsafe-eval'");
  expect(meta).not.toContain("'unsafe-inline'");
  expect(response?.headers()['content-security-policy']).toBe(meta);
  await expect(page.locator('main[data-status="ready"]')).toBeVisible({ timeout: 30_000 });
  await stepTimes(page, 3);
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await page.getByTestId('step-count').textContent()), { timeout: 15_000 }).toBeGreaterThan(20);
  await page.getByTestId('play').click();
  // A config edit parses through the schema again (zod's JIT would call Function here).
  await page.goto('./#v=1&task=parity&h=12');
  await expect(page.locator('main[data-status="ready"]')).toBeVisible({ timeout: 30_000 });
  await stepTimes(page, 2);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('where Trusted Types are enforced, the page starts and trains (or would say why it cannot)', async ({ page }) => {
  const errors = watchErrors(page);
  const violations = await watchViolations(page);
  // The same build served with Trusted Types required, as a host that adds it to its headers would.
  await page.route(/\/(index\.html)?(#.*)?$/, async (route) => {
    const response = await route.fetch();
    const policy = `${response.headers()['content-security-policy']}; require-trusted-types-for 'script'`;
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  await page.goto('./#v=1&task=sine&h=8');
  const started = page.locator('main[data-status="ready"]');
  const refused = page.getByTestId('startup-failure');
  await expect(started.or(refused)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: '/tmp/shots/trusted-types.png' });
  // In this build it works: the worker's URL passes the page's own policy.
  await expect(started).toBeVisible();
  await stepTimes(page, 2);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  // And enforced: markup from a plain string is refused (this last check reports its own violation).
  const enforced = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch {
      return true;
    }
  });
  expect(enforced).toBe(true);
});

import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = join(import.meta.dirname, '..', 'dist');
const ROOT = 'http://static.example/some/sub/path/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

test('the production build works from a sub-path, worker included', async ({ page }) => {
  // Serve dist/ under a deep path of another origin: every asset URL, the worker's too, must be relative.
  const missing: string[] = [];
  await page.route('http://static.example/**', async (route) => {
    const url = new URL(route.request().url());
    if (!url.pathname.startsWith('/some/sub/path/')) {
      missing.push(url.pathname);
      return route.fulfill({ status: 404, body: 'not here' });
    }
    const file = url.pathname.slice('/some/sub/path/'.length) || 'index.html';
    try {
      const body = await readFile(join(DIST, file));
      return route.fulfill({ status: 200, body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      missing.push(url.pathname);
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.goto(`${ROOT}#v=1&task=parity&h=8&step=3`);
  await expect(page.locator('main[data-status="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('step-count')).toHaveText('3');
  expect(missing).toEqual([]);
});

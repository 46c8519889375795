/**
 * From the browser to PyTorch and back: a bundle exported from the app trains further under real
 * PyTorch (more steps than were exported), and the checkpoint it writes opens in the app at its
 * step with its weights and data stream, so the app's next step is the script's next step.
 * Needs python3 with torch (e2e/install-system-deps.sh installs Debian's); skipped otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { lossValue, openApp, stepTimes, watchErrors } from './helpers.ts';

const python = [process.env.PYTHON, 'python3', '/usr/bin/python3'].find(
  (exe) => exe !== undefined && spawnSync(exe, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
);

test.skip(python === undefined, 'no python3 here can import torch, so the exported script cannot run');

test('an exported run trains on in PyTorch past its exported batches and its checkpoint opens back in the app at that step', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openApp(page, '#v=1&task=sine&h=8&T=20&seed=7');
  await stepTimes(page, 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-e2e-export-'));
  try {
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(await download.path())))) writeFileSync(join(dir, name), bytes);
    // 20 batches were exported; 25 steps go 5 past them, into batches the Python generator draws.
    const out = execFileSync(python!, ['experiment.py', '--steps', '25', '--checkpoint-every', '24', '--no-tensorboard'], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('the Python data generator reproduces the exported batches: 20 of 20');
    expect(out).toContain('checkpoint at step 27');
    const scriptLoss = Number(/^step 25 loss (\S+)$/m.exec(out)?.[1]);

    await page.getByTestId('open-checkpoint-file').setInputFiles(join(dir, 'run', 'checkpoint_step24.pt'));
    await expect(page.getByTestId('step-count')).toHaveText('24');
    await expect(page.getByTestId('change-note')).toContainText('step 24');
    await page.screenshot({ path: join(test.info().outputDir, 'opened-checkpoint.png') });
    await page.setViewportSize({ width: 768, height: 800 });
    await page.screenshot({ path: join(test.info().outputDir, 'opened-checkpoint-768.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await stepTimes(page, 1);
    // Step 25 in the app: the script's weights, Adam state and data stream, so the script's loss.
    const appLoss = await lossValue(page);
    expect(Math.abs(appLoss - scriptLoss)).toBeLessThanOrEqual(2e-4 + 2e-3 * Math.abs(scriptLoss));

    await page.getByTestId('open-checkpoint-file').setInputFiles(join(dir, 'run', 'checkpoint.pt'));
    await expect(page.getByTestId('step-count')).toHaveText('27');

    // A file that is no checkpoint: a message, and the run stays at step 27.
    await page.getByTestId('open-checkpoint-file').setInputFiles(join(dir, 'weights.pt'));
    await expect(page.getByTestId('checkpoint-error')).toContainText('not written by an exported experiment.py');
    await page.screenshot({ path: join(test.info().outputDir, 'checkpoint-error.png') });
    await expect(page.getByTestId('step-count')).toHaveText('27');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { openApp, stepTimes, watchErrors } from './helpers.ts';

test('Export to PyTorch downloads a zip with the script, weights, optimizer state and data', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '#v=1&task=sine&h=8&T=20&seed=7');
  await stepTimes(page, 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
  expect(download.suggestedFilename()).toBe('rnn-playground-sine-pytorch.zip');
  const files = unzipSync(readFileSync(await download.path()));
  for (const name of ['experiment.py', 'weights.json', 'optimizer.json', 'data.json', 'README.txt']) expect(Object.keys(files)).toContain(name);
  expect(strFromU8(files['experiment.py']!)).toContain('nn.RNN(INPUT_SIZE, HIDDEN_SIZE');
  expect(Object.keys(JSON.parse(strFromU8(files['weights.json']!)) as object)).toContain('rnn.weight_hh_l0');
  expect(errors).toEqual([]);
});

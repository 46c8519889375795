/**
 * Test helpers for running an exported bundle under real PyTorch: which Python can, and writing
 * the bundle's files to a folder. Tests skip (and say why) where no Python imports torch.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The first Python that imports torch: $PYTHON, then `python3` on the PATH, then Debian's. */
export const python = [process.env.PYTHON, 'python3', '/usr/bin/python3'].find(
  (exe) => exe !== undefined && spawnSync(exe, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
);

export const NO_TORCH = 'skipped: no python3 here can import torch ($PYTHON, python3, /usr/bin/python3), so the script is not run against PyTorch';

/** Writes the bundle's files into a fresh temporary folder and returns it. */
export function writeBundle(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-export-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Runs `experiment.py` in `dir` with `args`; its stdout. */
export function runScript(dir: string, args: string[] = []): string {
  return execFileSync(python ?? 'python3', [join(dir, 'experiment.py'), ...args], { encoding: 'utf8', cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The `step N loss X` lines of a run. */
export function stepLosses(out: string): { step: number; loss: number }[] {
  return [...out.matchAll(/^step (\d+) loss (\S+)$/gm)].map((m) => ({ step: Number(m[1]), loss: Number(m[2]) }));
}

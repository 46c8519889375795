/**
 * The exported experiment trained further under real PyTorch: beyond the exported batches (the
 * Python data generator continues the app's stream, so the app's losses still match), in two
 * processes with DistributedDataParallel (gloo) against one, and resumed from a checkpoint
 * against an uninterrupted run. Needs `python3` with `torch`; skipped otherwise.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import { bundleFiles } from './bundle.ts';
import { buildRun, trainLosses } from '../lab/run/test_runs.ts';
import { NO_TORCH, python, runScript, stepLosses, writeBundle } from './testing.ts';

/** The golden README's training tolerance (app against PyTorch). */
const ATOL = 2e-4;
const RTOL = 2e-3;
/** One process against several: the same float32 arithmetic, summed in another order. */
const DDP_TOL = 1e-5;
const EXPORTED = 3;
const STEPS = 8;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function small(task: Parameters<typeof defaultConfig>[0], change: (c: ExperimentConfig) => ExperimentConfig = (c) => c): ExperimentConfig {
  const base = defaultConfig(task);
  return change({ ...base, seed: 11, batchSize: 6, model: { ...base.model, hiddenSize: 5 } });
}

async function exported(config: ExperimentConfig, warmup = 1) {
  const exp = buildRun(config);
  await trainLosses(exp, warmup);
  const dir = writeBundle(await bundleFiles(exp, EXPORTED));
  dirs.push(dir);
  return { exp, dir };
}

function csvLosses(dir: string, out = 'run'): { step: number; loss: string }[] {
  return readFileSync(join(dir, out, 'loss_history.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[1] !== '')
    .map((cells) => ({ step: Number(cells[0]), loss: cells[1]! }));
}

describe.skipIf(python === undefined)(`training the export further under real PyTorch (${python ?? 'none'})`, () => {
  it.each([
    ['sine (noise through sin, cos and log)', small('sine', (c) => ({ ...c, seqLen: 10 }))],
    ['pattern (variable lengths, packed)', small('pattern', (c) => ({ ...c, seqLen: 8 }))],
  ])('%s: past the exported batches the losses still follow the app step for step', async (_, config) => {
    const { exp, dir } = await exported(config);
    const app = await trainLosses(exp, STEPS);
    const out = runScript(dir, ['--steps', String(STEPS), '--no-tensorboard']);
    expect(out).toContain(`the Python data generator reproduces the exported batches: ${EXPORTED} of ${EXPORTED}`);
    const py = stepLosses(out);
    expect(py.map((s) => s.step)).toEqual(Array.from({ length: STEPS }, (_, i) => 2 + i));
    py.forEach((s, i) => expect(Math.abs(s.loss - app[i]!)).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(app[i]!)));
  });

  // Adam, not RMSprop: RMSprop's first steps divide each gradient by its own size, so an entry
  // that is rounding noise (summed in another order by two processes) moves its weight by the full
  // step either way, and the runs part by about 1e-4 within ten steps, as the app and PyTorch do.
  it('--nproc 2 (DDP, gloo; uneven, packed shares of 3 and 4 rows, clipping) gives the single-process losses', async () => {
    const { dir } = await exported(
      small('pattern', (c) => ({ ...c, seqLen: 8, batchSize: 7, clipGradNorm: 0.5, model: { ...c.model, bidirectional: true } })),
    );
    const one = stepLosses(runScript(dir, ['--steps', String(STEPS), '--no-tensorboard', '--out', join(dir, 'one')]));
    const two = runScript(dir, ['--steps', String(STEPS), '--no-tensorboard', '--nproc', '2', '--out', join(dir, 'two')]);
    expect(two).toContain('DistributedDataParallel: 2 processes');
    const losses = stepLosses(two);
    expect(losses.map((s) => s.step)).toEqual(one.map((s) => s.step));
    expect(losses).toHaveLength(STEPS);
    const worst = Math.max(...losses.map((s, i) => Math.abs(s.loss - one[i]!.loss) / Math.abs(one[i]!.loss)));
    expect(worst).toBeLessThanOrEqual(DDP_TOL);
  });

  it('--resume from a checkpoint continues exactly as the uninterrupted run', async () => {
    const { dir } = await exported(small('parity', (c) => ({ ...c, seqLen: 6, optimizer: { name: 'adam', lr: 0.02, momentum: 0 } })));
    runScript(dir, ['--steps', String(STEPS), '--no-tensorboard', '--out', join(dir, 'whole')]);
    runScript(dir, ['--steps', '5', '--no-tensorboard', '--out', join(dir, 'parts'), '--checkpoint-every', '2']);
    const resumed = runScript(dir, ['--steps', String(STEPS), '--no-tensorboard', '--out', join(dir, 'parts'), '--resume']);
    expect(resumed).toContain('resumed from step 6');
    expect(stepLosses(resumed).map((s) => s.step)).toEqual([7, 8, 9]);
    // Bit for bit: the CSV keeps 9 significant digits, and the rows before the resume are kept.
    expect(csvLosses(dir, 'parts')).toEqual(csvLosses(dir, 'whole'));
    expect(csvLosses(dir, 'whole')).toHaveLength(STEPS);
  });

  it('says clearly when the device asked for is missing, or an option is out of range', async () => {
    const { dir } = await exported(small('adding', (c) => ({ ...c, seqLen: 4 })));
    const fail = (args: string[]) => {
      try {
        runScript(dir, args);
      } catch (error) {
        return String((error as { stderr?: string }).stderr);
      }
      throw new Error(`experiment.py ${args.join(' ')} succeeded`);
    };
    const cuda = fail(['--device', 'cuda', '--steps', '1']);
    expect(cuda).toContain('--device cuda, but torch.cuda.is_available() is False here');
    expect(fail(['--steps', '-1'])).toContain('--steps must be 0 or more, got -1');
    expect(fail(['--nproc', '9', '--steps', '1'])).toContain('9 processes but a batch of 6 rows');
    expect(fail(['--resume', join(dir, 'nothing.pt')])).toContain('no checkpoint at');
  });
});

if (python === undefined) {
  describe('training the export further under real PyTorch', () => {
    it.skip(NO_TORCH, () => {});
  });
}

import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { buildRun, trainLosses } from '../lab/run/test_runs.ts';
import { defaultConfig, type ExperimentConfig } from '../lab/config/schema.ts';
import type { Batch } from '../lab/tasks/index.ts';
import { BUNDLE_FILES, bundleFiles, pytorchBundle } from './bundle.ts';
import { batchToJson } from './nested.ts';

const config: ExperimentConfig = { ...defaultConfig('pattern'), batchSize: 4, seed: 5 };

describe('the PyTorch bundle', () => {
  it('holds the script, weights, optimizer state, data and README', async () => {
    const exp = buildRun(config);
    await trainLosses(exp, 2);
    const files = unzipSync(await pytorchBundle(exp, 3));
    expect(Object.keys(files).sort()).toEqual([...BUNDLE_FILES].sort());
    const weights = JSON.parse(strFromU8(files['weights.json']!)) as Record<string, unknown>;
    expect(Object.keys(weights)).toEqual(exp.model.named_parameters().map(([n]) => n));
    expect(Object.keys(weights)).toContain('rnn.weight_ih_l0');
    expect(Object.keys(weights)).toContain('head.weight');
    expect(strFromU8(files['README.txt']!)).toContain('python3 experiment.py');
  });

  it('exports exactly the batches the run then trains on, without advancing it', async () => {
    const exp = buildRun(config);
    const twin = buildRun(config);
    await trainLosses(exp, 2);
    await trainLosses(twin, 2);
    const files = await bundleFiles(exp, 3);
    const data = JSON.parse(files['data.json'] as string) as { train: unknown[]; eval: unknown };
    const drawn: Batch[] = [];
    const drawBatch = exp.instance.drawBatch.bind(exp.instance);
    vi.spyOn(exp.instance, 'drawBatch').mockImplementation((n, t, rng) => {
      const b = drawBatch(n, t, rng);
      drawn.push(b);
      return b;
    });
    expect(await trainLosses(exp, 3)).toEqual(await trainLosses(twin, 3));
    expect(data.train).toEqual(drawn.map((b) => batchToJson(b, true)));
    expect(data.train).toHaveLength(3);
    const firstTarget = (data.train[0] as { target: number[] }).target;
    expect(firstTarget.every((v) => Number.isInteger(v))).toBe(true);
  });
});

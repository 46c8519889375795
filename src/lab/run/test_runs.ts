/** What the run's tests share: building a run that must build, and the losses of its next steps. */
import type { ExperimentConfig } from '../config/schema.ts';
import { Experiment } from './experiment.ts';

/** The run of `config` on `device`; a config that does not build fails the test with its messages. */
export function buildRun(config: ExperimentConfig, device: 'cpu' | 'webgpu' = 'cpu'): Experiment {
  const r = Experiment.create(config, device);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.data;
}

/** The training losses of the run's next `steps` steps; a NaN rollback fails the test where it happened. */
export async function trainLosses(run: Experiment, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = await run.trainStep();
    if (!r.ok) throw new Error(r.problem.where);
    out.push(r.stats.loss);
  }
  return out;
}

/**
 * Live changes in words: the label of a change on the loss chart ("lr 0.001"), and the changes
 * the NaN notice offers, each continuing the run from its last good step.
 */
import { CONFIG_FIELDS, LIVE_FIELDS } from './fields.ts';
import type { LiveSettings } from './schedule.ts';
import type { ExperimentConfig } from './schema.ts';

/** How a change names each live field: short enough to sit on a chart. */
const SHORT: Record<keyof LiveSettings, (v: number | string) => string> = {
  lr: (v) => `lr ${v}`,
  momentum: (v) => `momentum ${v}`,
  clipGradNorm: (v) => (v === CONFIG_FIELDS.clipGradNorm.off ? 'clip off' : `clip ${v}`),
  nonlinearity: (v) => String(v),
};

/** "lr 0.001, clip 1": what a change set, in the table's order. */
export function describeSettings(set: LiveSettings): string {
  return LIVE_FIELDS.flatMap((name) => {
    const value = set[name as keyof LiveSettings];
    return value === undefined ? [] : [SHORT[name as keyof LiveSettings](value)];
  }).join(', ');
}

/** Two significant digits, as the learning-rate slider snaps. */
const round2 = (v: number) => Number(v.toPrecision(2));

export interface Remedy {
  id: 'lr' | 'clip' | 'nonlinearity';
  /** What the button says: "Lower the learning rate to 0.01". */
  label: string;
  set: LiveSettings;
}

/**
 * What a NaN notice offers, from the settings in force: a learning rate ten times lower, clipping
 * on (max_norm 1; half the norm when it is on already), the other nonlinearity. One that can go no
 * further (lr at its floor) is left out.
 */
export function remedies(inForce: ExperimentConfig): Remedy[] {
  const out: Remedy[] = [];
  const { lr } = inForce.optimizer;
  const lower = Math.max(CONFIG_FIELDS.lr.min, round2(lr / 10));
  if (lower < lr) out.push({ id: 'lr', label: `Lower the learning rate to ${lower}`, set: { lr: lower } });
  const clip = inForce.clipGradNorm;
  out.push(
    clip === 0
      ? { id: 'clip', label: 'Turn on clipping (max_norm 1)', set: { clipGradNorm: 1 } }
      : { id: 'clip', label: `Clip harder (max_norm ${round2(clip / 2)})`, set: { clipGradNorm: round2(clip / 2) } },
  );
  const other = inForce.model.nonlinearity === 'relu' ? 'tanh' : 'relu';
  out.push({ id: 'nonlinearity', label: `Switch the nonlinearity to ${other}`, set: { nonlinearity: other } });
  return out;
}

import { LIMITS, OPTIMIZERS, type OptimizerName } from '../lab/config/schema.ts';
import { Field } from './Field.tsx';
import { Slider } from './Slider.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

const OPTIMIZER_NAMES: Record<OptimizerName, string> = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop' };

/** The learning rate slider moves in log10 steps: 1e-4 .. 10, snapped to 2 significant digits. */
const lrToValue = (p: number) => Number((10 ** p).toPrecision(2));
const lrToPosition = (v: number) => Math.log10(v);
const formatLr = (v: number) => (v >= 0.01 ? String(v) : v.toExponential(1));

function isOptimizer(name: string): name is OptimizerName {
  return (OPTIMIZERS as readonly string[]).includes(name);
}

/** The optimizer, its main arguments, batch size, clipping and seed. */
export function TrainingPanel() {
  const { config, setOptimizer, set } = useConfigEditor();
  const o = config.optimizer;
  const hasMomentum = o.name === 'sgd' || o.name === 'rmsprop';
  return (
    <fieldset className="panel">
      <legend>Training</legend>
      <Field label="Optimizer" arg="torch.optim" help="The update rule applied after each backward pass.">
        {(id) => (
          <select id={id} value={o.name} onChange={(e) => isOptimizer(e.target.value) && setOptimizer('name', e.target.value)}>
            {OPTIMIZERS.map((name) => (
              <option key={name} value={name}>
                {OPTIMIZER_NAMES[name]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Learning rate" arg="lr" help="Step size of each update (log scale).">
        {(id) => <Slider id={id} min={-4} max={1} step={0.05} value={o.lr} onCommit={(v) => setOptimizer('lr', v)} toValue={lrToValue} toPosition={lrToPosition} format={formatLr} />}
      </Field>
      {hasMomentum && (
        <Field label="Momentum" arg="momentum" help="Fraction of the previous update carried into the next.">
          {(id) => <Slider id={id} min={0} max={0.99} step={0.01} value={o.momentum} onCommit={(v) => setOptimizer('momentum', v)} format={(v) => v.toFixed(2)} />}
        </Field>
      )}
      <Field label="Batch size" arg="batch_size" help="Sequences per optimizer step (the N of input [N, T, features]).">
        {(id) => <Slider id={id} min={LIMITS.batchSize.min} max={Math.max(128, config.batchSize)} step={1} value={config.batchSize} onCommit={(v) => set({ batchSize: v })} />}
      </Field>
      <Field label="Gradient clipping" arg="clip_grad_norm_(max_norm)" help="Rescales the whole gradient when its norm exceeds max_norm; 0 turns clipping off.">
        {(id) => <Slider id={id} min={0} max={10} step={0.5} value={config.clipGradNorm} onCommit={(v) => set({ clipGradNorm: v })} format={(v) => (v === 0 ? 'off' : String(v))} />}
      </Field>
      <Field label="Seed" arg="torch.manual_seed" help="Same seed, same initial weights, same batches, same losses.">
        {(id) => (
          <input
            id={id}
            type="number"
            min={LIMITS.seed.min}
            max={LIMITS.seed.max}
            step={1}
            defaultValue={config.seed}
            key={config.seed}
            onBlur={(e) => {
              const seed = Math.trunc(Number(e.target.value));
              if (Number.isFinite(seed) && seed >= LIMITS.seed.min && seed <= LIMITS.seed.max && seed !== config.seed) set({ seed });
            }}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        )}
      </Field>
    </fieldset>
  );
}

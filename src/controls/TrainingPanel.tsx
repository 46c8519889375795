import { CONFIG_FIELDS } from '../lab/config/fields.ts';
import { ConfigField } from './ConfigField.tsx';
import { Field } from './Field.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

/** The optimizer, its main arguments, batch size, clipping and seed. */
export function TrainingPanel() {
  const { config, setField } = useConfigEditor();
  const o = config.optimizer;
  const hasMomentum = o.name === 'sgd' || o.name === 'rmsprop';
  const seed = CONFIG_FIELDS.seed;
  return (
    <fieldset className="panel">
      <legend>Training</legend>
      <ConfigField name="optimizer" value={o.name} onChange={(v) => setField('optimizer', v)} />
      <ConfigField name="lr" value={o.lr} onChange={(v) => setField('lr', v)} />
      {hasMomentum && <ConfigField name="momentum" value={o.momentum} onChange={(v) => setField('momentum', v)} />}
      <ConfigField name="batchSize" value={config.batchSize} onChange={(v) => setField('batchSize', v)} />
      <ConfigField name="clipGradNorm" value={config.clipGradNorm} onChange={(v) => setField('clipGradNorm', v)} />
      <Field label={seed.label} arg={seed.arg} help={seed.help}>
        {(id) => (
          <input
            id={id}
            type="number"
            min={seed.min}
            max={seed.max}
            step={1}
            defaultValue={config.seed}
            key={config.seed}
            onBlur={(e) => {
              const value = Math.trunc(Number(e.target.value));
              if (Number.isFinite(value) && value >= seed.min && value <= seed.max && value !== config.seed) setField('seed', value);
            }}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        )}
      </Field>
    </fieldset>
  );
}

import { CONFIG_FIELDS, type FieldName, type NumberField } from '../lab/config/fields.ts';
import { formatValue } from '../format/number.ts';
import { Field } from './Field.tsx';
import { Slider } from './Slider.tsx';

/** A log slider moves in powers of ten, snapped to two significant digits. */
const fromLog = (p: number) => Number((10 ** p).toPrecision(2));
const toLog = (v: number) => Math.log10(v);

function formatOf(f: NumberField): (v: number) => string {
  return (v) => (f.off !== undefined && v === f.off ? 'off' : formatValue(v));
}

interface ConfigFieldProps {
  name: FieldName;
  value: unknown;
  onChange: (value: number | boolean | string) => void;
}

/**
 * One config field as its row of the table describes it (`fields.ts`): label, PyTorch argument,
 * help, and a control whose range is exactly what a link may hold.
 */
export function ConfigField({ name, value, onChange }: ConfigFieldProps) {
  const f = CONFIG_FIELDS[name];
  return (
    <Field label={f.label} arg={f.arg} help={f.help}>
      {(id) => {
        if (f.kind === 'bool') return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
        if (f.kind === 'choice') {
          return (
            <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
              {f.options.map((option) => (
                <option key={option} value={option}>
                  {(f.names as Record<string, string>)[option]}
                </option>
              ))}
            </select>
          );
        }
        const log = f.scale === 'log';
        return (
          <Slider
            id={id}
            min={log ? Math.log10(f.min) : f.min}
            max={log ? Math.log10(f.max) : f.max}
            step={f.step}
            value={Number(value)}
            onCommit={onChange}
            format={formatOf(f)}
            {...(log ? { toValue: fromLog, toPosition: toLog } : {})}
          />
        );
      }}
    </Field>
  );
}

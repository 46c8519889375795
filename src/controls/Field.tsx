import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** The PyTorch argument this control sets, shown beside the label and in the tooltip. */
  arg?: string;
  /** One sentence on what it does (tooltip). */
  help: string;
  /** The control; it receives the id the label points at. */
  children: (id: string) => ReactNode;
  /** Shown after the control (the current value, a unit). */
  value?: ReactNode;
}

/** A labelled control with its PyTorch argument name and a tooltip. */
export function Field({ label, arg, help, children, value }: FieldProps) {
  const id = useId();
  const tooltip = arg ? `${arg}: ${help}` : help;
  return (
    <div className="field" title={tooltip}>
      <label htmlFor={id}>
        {label}
        {arg && <code className="arg">{arg}</code>}
      </label>
      <div className="control">
        {children(id)}
        {value !== undefined && <output htmlFor={id}>{value}</output>}
      </div>
    </div>
  );
}

import { INIT_SCHEMES, LIMITS, type InitScheme } from '../lab/config/schema.ts';
import { formatValue } from '../format/number.ts';
import { useApp } from '../state/useApp.ts';
import { Field } from './Field.tsx';
import { Slider } from './Slider.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

const SCHEME_NAMES: Record<InitScheme, string> = {
  default: "PyTorch's default (uniform ±1/√hidden_size)",
  identity: 'identity (IRNN)',
  orthogonal: 'orthogonal',
};

function isScheme(name: string): name is InitScheme {
  return (INIT_SCHEMES as readonly string[]).includes(name);
}

/** ρ(W_hh) of each layer and direction at step 0, as the run measured it (blank until it has). */
function InitialRadius() {
  const radius = useApp((s) => s.frame?.spectral.find((p) => p.step === 0)?.radius);
  if (radius === undefined) return null;
  return (
    <p className="help" data-testid="initial-radius">
      ρ(W_hh) at step 0:{' '}
      {Object.entries(radius)
        .map(([key, r]) => `${key} ${formatValue(r)}`)
        .join(', ')}
    </p>
  );
}

/** torch.nn.RNN's constructor arguments (batch_first is fixed to True here). */
export function ModelPanel() {
  const { config, setModel } = useConfigEditor();
  const m = config.model;
  return (
    <fieldset className="panel">
      <legend>
        Model <code>nn.RNN</code>
      </legend>
      <p className="help">
        Input is batch-first, <code>batch_first=True</code>: [N, T, features].
      </p>
      <Field label="Hidden size" arg="hidden_size" help="Units in each hidden state h_t.">
        {(id) => <Slider id={id} min={LIMITS.hiddenSize.min} max={Math.max(128, m.hiddenSize)} step={1} value={m.hiddenSize} onCommit={(v) => setModel('hiddenSize', v)} />}
      </Field>
      <Field label="Layers" arg="num_layers" help="Stacked RNN layers; each layer reads the hidden states of the one below.">
        {(id) => <Slider id={id} min={LIMITS.numLayers.min} max={LIMITS.numLayers.max} step={1} value={m.numLayers} onCommit={(v) => setModel('numLayers', v)} />}
      </Field>
      <Field label="Nonlinearity" arg="nonlinearity" help="tanh squashes to (-1, 1); relu is unbounded and can explode.">
        {(id) => (
          <select id={id} value={m.nonlinearity} onChange={(e) => setModel('nonlinearity', e.target.value === 'relu' ? 'relu' : 'tanh')}>
            <option value="tanh">tanh</option>
            <option value="relu">relu</option>
          </select>
        )}
      </Field>
      <Field label="Bias" arg="bias" help="Adds b_ih and b_hh to every step.">
        {(id) => <input id={id} type="checkbox" checked={m.bias} onChange={(e) => setModel('bias', e.target.checked)} />}
      </Field>
      <Field label="Bidirectional" arg="bidirectional" help="A second RNN reads the sequence backwards; outputs see the past and the future.">
        {(id) => <input id={id} type="checkbox" checked={m.bidirectional} onChange={(e) => setModel('bidirectional', e.target.checked)} />}
      </Field>
      <Field label="Dropout" arg="dropout" help="Dropout on the outputs of every layer but the last (needs num_layers > 1).">
        {(id) => <Slider id={id} min={0} max={LIMITS.dropout.max} step={0.05} value={m.dropout} onCommit={(v) => setModel('dropout', v)} format={(v) => v.toFixed(2)} />}
      </Field>
      <Field label="W_hh init" arg="nn.init" help="How weight_hh starts in every layer and direction, before it is multiplied by the gain.">
        {(id) => (
          <select id={id} value={m.init.scheme} onChange={(e) => isScheme(e.target.value) && setModel('init', { ...m.init, scheme: e.target.value })}>
            {INIT_SCHEMES.map((scheme) => (
              <option key={scheme} value={scheme}>
                {SCHEME_NAMES[scheme]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="× gain" arg="weight_hh.mul_(gain)" help="Multiplies the initial W_hh: its spectral radius ρ scales with it. ρ above 1 makes gradients grow step after step back in time; below 1, shrink. 1 keeps the scheme as it is.">
        {(id) => <Slider id={id} min={LIMITS.initGain.min} max={LIMITS.initGain.max} step={0.05} value={m.init.gain} onCommit={(v) => setModel('init', { ...m.init, gain: v })} format={(v) => v.toFixed(2)} />}
      </Field>
      <InitialRadius />
    </fieldset>
  );
}

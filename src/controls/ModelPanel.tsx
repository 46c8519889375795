import { formatValue } from '../format/number.ts';
import { useApp } from '../state/useApp.ts';
import { ConfigField } from './ConfigField.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

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
  const { config, setField } = useConfigEditor();
  const m = config.model;
  return (
    <fieldset className="panel">
      <legend>
        Model <code>nn.RNN</code>
      </legend>
      <p className="help">
        Input is batch-first, <code>batch_first=True</code>: [N, T, features].
      </p>
      <ConfigField name="hiddenSize" value={m.hiddenSize} onChange={(v) => setField('hiddenSize', v)} />
      <ConfigField name="numLayers" value={m.numLayers} onChange={(v) => setField('numLayers', v)} />
      <ConfigField name="nonlinearity" value={m.nonlinearity} onChange={(v) => setField('nonlinearity', v)} />
      <ConfigField name="bias" value={m.bias} onChange={(v) => setField('bias', v)} />
      <ConfigField name="bidirectional" value={m.bidirectional} onChange={(v) => setField('bidirectional', v)} />
      <ConfigField name="dropout" value={m.dropout} onChange={(v) => setField('dropout', v)} />
      <ConfigField name="initScheme" value={m.init.scheme} onChange={(v) => setField('initScheme', v)} />
      <ConfigField name="initGain" value={m.init.gain} onChange={(v) => setField('initGain', v)} />
      <InitialRadius />
    </fieldset>
  );
}

import { LIMITS } from '../lab/config/schema.ts';
import { Field } from './Field.tsx';
import { Slider } from './Slider.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

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
    </fieldset>
  );
}

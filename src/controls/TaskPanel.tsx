import { defaultConfig } from '../lab/config/schema.ts';
import { isTaskId, TASK_IDS, TASKS } from '../lab/tasks/index.ts';
import { Field } from './Field.tsx';
import { Slider } from './Slider.tsx';
import { TextParam } from './TextParam.tsx';
import { useConfigEditor } from './useConfigEditor.ts';

/** Which toy task, its knobs, its sequence length and (text tasks) its text. */
export function TaskPanel() {
  const { config, set } = useConfigEditor();
  const task = TASKS[config.task];
  return (
    <fieldset className="panel">
      <legend>Task</legend>
      <Field label="Task" help="The toy problem the network learns; switching loads the task's suggested model and optimizer.">
        {(id) => (
          <select
            id={id}
            value={config.task}
            onChange={(e) => isTaskId(e.target.value) && set({ ...defaultConfig(e.target.value), seed: config.seed })}
          >
            {TASK_IDS.map((tid) => (
              <option key={tid} value={tid}>
                {TASKS[tid].title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="help">{task.description}</p>
      <Field label={task.seqLen.label} arg="T (seq_len)" help={task.seqLen.help}>
        {(id) => <Slider id={id} min={task.seqLen.min} max={task.seqLen.max} step={task.seqLen.step} value={config.seqLen} onCommit={(v) => set({ seqLen: v })} />}
      </Field>
      {task.knobs.map((knob) => (
        <Field key={knob.id} label={knob.label} help={knob.help}>
          {(id) => (
            <Slider
              id={id}
              min={knob.min}
              max={knob.max}
              step={knob.step}
              value={config.knobs[knob.id] ?? knob.default}
              onCommit={(v) => set({ knobs: { ...config.knobs, [knob.id]: v } })}
            />
          )}
        </Field>
      ))}
      {task.text && <TextParam key={config.task} spec={task.text} />}
    </fieldset>
  );
}

import { Learn } from './learn/Learn.tsx';
import { ModelPanel } from './controls/ModelPanel.tsx';
import { Notices } from './controls/Notices.tsx';
import { PresetGallery } from './controls/PresetGallery.tsx';
import { TaskPanel } from './controls/TaskPanel.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { TrainingPanel } from './controls/TrainingPanel.tsx';
import { useKeyboard } from './controls/useKeyboard.ts';
import { TimeViews, TrainingViews } from './views/Stage.tsx';
import { useApp } from './state/useApp.ts';

/** The playground: configuration on the left, training and step-through views on the right, Learn below. */
export function App() {
  useKeyboard();
  const status = useApp((s) => s.status);
  return (
    <>
      <header className="top">
        <h1>RNN Playground</h1>
        <p className="tagline">
          A <code>torch.nn.RNN</code> training in your browser. Press Play, then step through time.
        </p>
      </header>
      {/* Play and the notices come first in the page, so Tab reaches them first at every width;
          the grid places them beside the configuration on wide screens. */}
      <main className="layout" data-status={status}>
        <div className="controls">
          <Toolbar />
          <Notices />
        </div>
        <aside className="config" aria-label="Configuration">
          <TaskPanel />
          <ModelPanel />
          <TrainingPanel />
        </aside>
        <div className="stage">
          <TrainingViews />
          <TimeViews />
        </div>
      </main>
      <PresetGallery />
      <Learn />
    </>
  );
}

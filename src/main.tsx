import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LabClient } from './lab/client/worker_client.ts';
import { createAppStore } from './state/store.ts';
import { syncUrl } from './state/url_sync.ts';
import { AppStoreContext } from './state/useApp.ts';
import { installTestHook } from './test_hook.ts';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

function start(root: HTMLElement): void {
  let lab: LabClient | undefined;
  const store = createAppStore((sink) => (lab = new LabClient(sink)));
  installTestHook(window, { loseDevice: async () => (await lab?.debugLoseDevice()) ?? false });
  syncUrl(store);
  createRoot(root).render(
    <StrictMode>
      <AppStoreContext.Provider value={store}>
        <App />
      </AppStoreContext.Provider>
    </StrictMode>,
  );
}

/**
 * A page that cannot start (a browser policy such as Trusted Types refusing something, a missing
 * feature) says so in words rather than staying blank. Plain text only: it must work where the
 * failure came from a policy on markup.
 */
function showStartupFailure(root: HTMLElement, error: unknown): void {
  const message = document.createElement('p');
  message.className = 'startup-failure';
  message.setAttribute('role', 'alert');
  message.dataset.testid = 'startup-failure';
  message.textContent = `RNN Playground could not start in this browser: ${error instanceof Error ? error.message : String(error)}`;
  root.replaceChildren(message);
}

try {
  start(root);
} catch (error) {
  showStartupFailure(root, error);
}

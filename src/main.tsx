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

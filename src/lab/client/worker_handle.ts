/**
 * Starting the training worker: a module worker (so the build works from any sub-path) reached
 * through comlink. The client sees only a `WorkerHandle`, so its tests can start a fake instead.
 */
import { proxy, wrap } from 'comlink';
import type { LabApi, LabEvent } from '../host/protocol.ts';

/** The worker's API as the page calls it: every answer arrives later. */
export type LabCalls = {
  [K in Exclude<keyof LabApi, 'listen'>]: (...args: Parameters<LabApi[K]>) => Promise<Awaited<ReturnType<LabApi[K]>>>;
};

export interface WorkerHandle {
  calls: LabCalls;
  /** Stops the worker at once, even in the middle of a step. */
  terminate(): void;
}

export interface WorkerHooks {
  event(event: LabEvent): void;
  /** The worker threw outside any call (or its script could not load). */
  error(message: string): void;
}

export type StartWorker = (hooks: WorkerHooks) => WorkerHandle;

export const startLabWorker: StartWorker = (hooks) => {
  allowOwnScripts();
  // Written out in full so Vite finds and bundles the worker.
  const worker = new Worker(new URL('../host/worker.ts', import.meta.url), { type: 'module', name: 'rnn-lab' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    hooks.error(e.message || 'the worker stopped');
  });
  const remote = wrap<LabApi>(worker);
  void remote.listen(proxy((event: LabEvent) => hooks.event(event)));
  return { calls: remote, terminate: () => worker.terminate() };
};

/**
 * Where the browser enforces Trusted Types (`require-trusted-types-for 'script'`), a worker's URL
 * must pass a policy: the default one, which the Worker constructor consults for a plain URL,
 * passes only this page's own origin (what `script-src 'self'` allows anyway). TypeScript's DOM
 * types do not describe Trusted Types yet, hence the small declaration.
 */
interface TrustedTypesFactory {
  createPolicy(name: 'default', rules: { createScriptURL(url: string): string }): unknown;
}

let policyInstalled = false;

function allowOwnScripts(): void {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (factory === undefined || policyInstalled) return;
  policyInstalled = true;
  factory.createPolicy('default', {
    createScriptURL: (url) => {
      if (new URL(url, location.href).origin !== location.origin) throw new TypeError(`Only this site's own scripts may run, not ${url}`);
      return url;
    },
  });
}

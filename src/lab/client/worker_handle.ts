/**
 * Starting the training worker: a module worker (so the build works from any sub-path) reached
 * through comlink. The client sees only a `WorkerHandle`, so its tests can start a fake instead.
 */
import { proxy, wrap } from 'comlink';
import workerUrl from '../host/worker.ts?worker&url';
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
  const worker = new Worker(scriptUrl(), { type: 'module', name: 'rnn-lab' });
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
 * must come from a policy: this one passes only the bundled worker's own URL. TypeScript's DOM
 * types do not describe Trusted Types yet, hence the small declaration; a TrustedScriptURL is an
 * opaque object the Worker constructor takes where it takes a string.
 */
interface ScriptUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}

let policy: { createScriptURL(url: string): string } | undefined;

function scriptUrl(): string {
  const href = new URL(workerUrl, import.meta.url).href;
  const factory = (globalThis as { trustedTypes?: ScriptUrlPolicyFactory }).trustedTypes;
  if (factory === undefined) return href;
  policy ??= factory.createPolicy('rnn-lab-worker', {
    createScriptURL: (url) => {
      if (url !== href) throw new TypeError(`Only the lab's own worker may start, not ${url}`);
      return url;
    },
  });
  return policy.createScriptURL(href);
}

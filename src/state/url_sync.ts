/**
 * Keeps the URL hash and the store in step: the hash opens on load and on `hashchange` (a preset
 * link, a pasted link); config and step changes write it back with `replaceState` (no history
 * entry per slider move), at most once a second while training.
 */
import { encodeLink } from '../lab/config/link.ts';
import type { AppStore } from './store.ts';

const WRITE_EVERY_MS = 1000;

export function syncUrl(store: AppStore, win: Window = window): () => void {
  store.getState().openLink(win.location.hash);
  let lastWrite = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    pending = undefined;
    const { config, frame, status, replayAsk } = store.getState();
    // While a link replays, or waits to be asked whether to, its step is not reached yet: writing now would lose it on reload.
    if (status === 'loading' || status === 'replaying' || replayAsk !== null) return;
    const hash = `#${encodeLink(config, frame?.step ?? 0)}`;
    if (hash !== win.location.hash) win.history.replaceState(null, '', hash);
    lastWrite = Date.now();
  };
  const schedule = () => {
    if (pending !== undefined) return;
    const wait = store.getState().playing ? Math.max(0, WRITE_EVERY_MS - (Date.now() - lastWrite)) : 0;
    pending = setTimeout(write, wait);
  };
  const unsubscribe = store.subscribe((s) => [s.config, s.frame?.step, s.status, s.playing, s.replayAsk] as const, schedule, {
    equalityFn: (a, b) => a.every((v, i) => v === b[i]),
  });
  const onHash = () => store.getState().openLink(win.location.hash);
  win.addEventListener('hashchange', onHash);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHash);
    if (pending !== undefined) clearTimeout(pending);
  };
}

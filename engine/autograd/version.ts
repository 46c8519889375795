/**
 * Version counters, as PyTorch's: every in-place write to a storage bumps its counter, shared by
 * every tensor over that storage (reshapes, detach, a Parameter and its data). A node records the
 * version of each tensor it saves, and backward compares (see backward.ts).
 */
import type { Storage } from '../backends/backend.ts';

const versions = new WeakMap<Storage, number>();

/** How many in-place writes `storage` has had. */
export function versionOf(storage: Storage): number {
  return versions.get(storage) ?? 0;
}

/** Records one in-place write to `storage`. */
export function bumpVersion(storage: Storage): void {
  versions.set(storage, versionOf(storage) + 1);
}

/** A tensor moved to a new storage (module.to) keeps its count. */
export function carryVersion(from: Storage, to: Storage): void {
  if (from !== to) versions.set(to, versionOf(from));
}

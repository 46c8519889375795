/** The training worker's entry: one `LabHost`, exposed to the page with comlink. */
import { expose } from 'comlink';
import { torch } from 'engine';
import { LabHost } from './lab_host.ts';

/**
 * The CPU backend's threads: one per core, up to 8, where the page is cross-origin isolated
 * (elsewhere this stays at 1). Results are bit-identical whatever the count, so a link replays
 * the same on any machine.
 */
void torch.set_num_threads(Math.min(navigator.hardwareConcurrency || 1, 8));
expose(new LabHost());

/** The training worker's entry: one `LabHost`, exposed to the page with comlink. */
import { expose } from 'comlink';
import { LabHost } from './lab_host.ts';

expose(new LabHost());

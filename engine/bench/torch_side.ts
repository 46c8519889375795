/**
 * The PyTorch column of `npm run bench`: engine/bench/torch_peer.py run by `/usr/bin/python3`,
 * one process per workload and thread count, with OpenBLAS (unpacked by setup_openblas.sh) loaded
 * through LD_LIBRARY_PATH. The process stays up and runs one timed round per request, so its
 * rounds interleave with ours and both see the same load on a shared machine.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Workload } from './workload.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_peer.py', import.meta.url));
const OPENBLAS = fileURLToPath(new URL('./.openblas/usr/lib/x86_64-linux-gnu/openblas-openmp', import.meta.url));

/** A side that runs timed rounds on request: each resolves to the steps per second it measured. */
export interface RoundRunner {
  round(ms: number): Promise<number>;
  close(): void;
}

/** Why PyTorch can't run here, or null when `/usr/bin/python3` imports torch. */
export function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `${PYTHON} cannot import torch`;
}

/** The BLAS the peer gets: OpenBLAS when the setup step unpacked it, else the system's. */
export function torchBlas(): string {
  return existsSync(`${OPENBLAS}/libblas.so.3`) ? 'OpenBLAS (libopenblas0-openmp)' : 'system BLAS (run engine/bench/setup_openblas.sh for OpenBLAS)';
}

/** Starts the peer on workload `w` with `threads` threads; resolves once it has warmed up. */
export async function torchSide(w: Workload, threads: number): Promise<RoundRunner & { version: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads) };
  if (existsSync(`${OPENBLAS}/libblas.so.3`)) env.LD_LIBRARY_PATH = [OPENBLAS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT, JSON.stringify(w), String(threads)], { env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the PyTorch peer exited: ${stderr.trim().split('\n').at(-1) ?? 'no message'}`);
    return value;
  };
  const ready = await next();
  if (!ready.startsWith('ready ')) throw new Error(`the PyTorch peer said "${ready}"`);
  return {
    version: ready.split(' ')[1] ?? '?',
    async round(ms) {
      child.stdin.write(`round ${ms}\n`);
      return Number(await next());
    },
    close() {
      child.stdin.end('quit\n');
    },
  };
}

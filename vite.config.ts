import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const enginePath = fileURLToPath(new URL('./engine/index.ts', import.meta.url));

/**
 * Cross-origin isolation, so the page has SharedArrayBuffer and the engine's CPU backend can train
 * on several cores (torch.set_num_threads). Static hosts need the same two headers (README).
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  // Relative asset URLs so the static build works from any sub-path of any static host.
  base: './',
  plugins: [react()],
  resolve: { alias: { engine: enginePath } },
  worker: { format: 'es' },
  test: {
    // WebGPU suites run on SwiftShader (a CPU pretending to be a GPU): seconds, not milliseconds.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'engine',
          environment: 'node',
          include: ['engine/**/*.test.ts'],
          // The truncated-BPTT test measures the heap after explicit collections.
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        test: { name: 'lab', environment: 'node', include: ['src/**/*.test.ts'] },
      },
    ],
  },
});

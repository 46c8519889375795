import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const enginePath = fileURLToPath(new URL('./engine/index.ts', import.meta.url));

/**
 * Cross-origin isolation, so the page has SharedArrayBuffer and the engine's CPU backend can train
 * on several cores (torch.set_num_threads). Static hosts need the same two headers (README).
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * The production build's Content-Security-Policy: scripts only from this site, no eval (zod runs
 * jitless), WebAssembly allowed to compile ('wasm-unsafe-eval' is not 'unsafe-eval'), and workers
 * from this site or from the blob: URLs the engine starts its CPU threads from. Shipped as a meta
 * tag in index.html (static hosts need nothing more; frame-ancestors would need a header, and a
 * meta tag may not carry it), and sent as a header by `vite preview`, so the worker (whose own
 * response decides its policy) is tested under it too. Not for the dev server: its HMR client
 * needs an inline script and a websocket.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Writes the policy into the built index.html, ahead of every script. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: { ...isolation, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  // Relative asset URLs so the static build works from any sub-path of any static host.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
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

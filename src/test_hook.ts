/**
 * What the e2e tests reach that users never do: `window.__rnnPlaygroundTest`, installed only when
 * the page URL has `?test` (e2e/webgpu.spec.ts opens `./?test#...`).
 *
 * - `loseDevice()`: destroys the worker's GPUDevice, a real device loss (`device.lost` fires), so
 *   the test sees the fallback to the CPU a driver reset would cause. False when no GPU runs.
 */
export interface TestHook {
  loseDevice(): Promise<boolean>;
}

declare global {
  interface Window {
    __rnnPlaygroundTest?: TestHook;
  }
}

export function installTestHook(win: Window, hook: TestHook): void {
  if (new URLSearchParams(win.location.search).has('test')) win.__rnnPlaygroundTest = hook;
}

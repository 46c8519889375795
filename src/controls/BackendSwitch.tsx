import type { DevicePreference } from '../lab/host/protocol.ts';
import { useApp } from '../state/useApp.ts';

const CHOICES: readonly { value: DevicePreference; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'cpu', label: 'CPU' },
  { value: 'webgpu', label: 'WebGPU' },
];

function isPreference(value: string): value is DevicePreference {
  return CHOICES.some((c) => c.value === value);
}

const SWITCH_HELP =
  'Where training runs. CPU: exact and reproducible (shared links replay bit-identically). ' +
  'WebGPU: the GPU through WebGPU (a link still replays on the CPU first). Auto: WebGPU when this browser has it, else the CPU.';

const PARITY_HELP =
  'Largest difference between the GPU outputs and the CPU outputs of the same model on the held-out batch. ' +
  'GPUs round floats in a different order, so small differences are normal; users of GPU engines report such differences as bugs, so we show them.';

const THREADS_HELP =
  'CPU cores the engine trains on. Several need a cross-origin-isolated page (served with COOP/COEP headers); elsewhere it uses one. Results are identical either way.';

/** The Auto / CPU / WebGPU switch, what is running, and on WebGPU its CPU parity. */
export function BackendSwitch() {
  const preference = useApp((s) => s.devicePreference);
  const backend = useApp((s) => s.backend);
  const setPreference = useApp((s) => s.setDevicePreference);
  const running = backend.device === 'webgpu' ? 'WebGPU' : 'CPU';
  return (
    <div className="backend">
      <label title={SWITCH_HELP}>
        Backend
        <select value={preference} onChange={(e) => isPreference(e.target.value) && setPreference(e.target.value)} data-testid="backend-switch">
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <span className="backend-running" data-testid="backend" data-device={backend.device} title={backend.adapter ?? 'The CPU, in this page’s worker'}>
        {running}
        {backend.adapter !== null && <span className="adapter"> ({backend.adapter})</span>}
      </span>
      <span className="cpu-threads" data-testid="cpu-threads" data-threads={backend.threads} title={THREADS_HELP}>
        {backend.threads > 1 ? `${backend.threads} cores` : '1 core'}
      </span>
      {backend.device === 'webgpu' && (
        <span className="parity" title={PARITY_HELP} data-testid="parity" data-value={backend.parity ?? undefined}>
          |CPU − GPU| {backend.parity === null ? '…' : backend.parity.toExponential(1)}
        </span>
      )}
    </div>
  );
}

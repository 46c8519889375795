/**
 * Loading a ~50 MB RNN state_dict in Node: torch.load (PyTorch's zip format) and safetensors.load,
 * float32 and bfloat16, plus torch.save and safetensors.save: the best and the median of 7 runs
 * after a warm-up (on a shared machine the best is the steadier figure).
 * The app must open a 50 MB file in under 2 s in Chromium; this is the engine's share of that.
 * Run: `npm run bench:load` (or `npx tsx engine/bench/serialization.bench.ts`).
 */
import { safetensors, torch } from '../index.ts';

const HIDDEN = 1024;
const LAYERS = 6;

/** An nn.RNN(HIDDEN, HIDDEN, num_layers=LAYERS)-shaped state_dict: 6 × (2 × 4 MB + 8 KB) ≈ 50 MB. */
function stateDict(): Record<string, torch.Tensor> {
  torch.manual_seed(0);
  const sd: Record<string, torch.Tensor> = {};
  for (let l = 0; l < LAYERS; l++) {
    sd[`rnn.weight_ih_l${l}`] = torch.randn([HIDDEN, HIDDEN]);
    sd[`rnn.weight_hh_l${l}`] = torch.randn([HIDDEN, HIDDEN]);
    sd[`rnn.bias_ih_l${l}`] = torch.randn([HIDDEN]);
    sd[`rnn.bias_hh_l${l}`] = torch.randn([HIDDEN]);
  }
  return sd;
}

/** A safetensors file of the same tensors stored as bfloat16 (half the bytes, one conversion per value). */
function bfloat16File(sd: Record<string, torch.Tensor>): Uint8Array {
  const names = Object.keys(sd);
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const name of names) {
    const n = sd[name]!.numel() * 2;
    header[name] = { dtype: 'BF16', shape: sd[name]!.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const out = new Uint8Array(8 + text.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(new TextEncoder().encode(text), 8);
  let at = 8 + text.length;
  for (const name of names) {
    const bits = new Uint32Array(sd[name]!.toFloat32Array().buffer);
    const halves = new Uint16Array(bits.length);
    for (let i = 0; i < bits.length; i++) halves[i] = bits[i]! >>> 16;
    out.set(new Uint8Array(halves.buffer), at);
    at += halves.byteLength;
  }
  return out;
}

function timesMs(run: () => unknown, rounds = 7): { best: number; median: number } {
  run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[Math.floor(rounds / 2)]! };
}

const sd = stateDict();
const pt = torch.save(sd);
const st = safetensors.save(sd);
const st16 = bfloat16File(sd);
const mb = (bytes: number) => bytes / 2 ** 20;

const rows = [
  { what: 'torch.load (zip, float32)', bytes: pt.length, ms: timesMs(() => torch.load(pt)) },
  { what: 'safetensors.load (float32)', bytes: st.length, ms: timesMs(() => safetensors.load(st)) },
  { what: 'safetensors.load (bfloat16)', bytes: st16.length, ms: timesMs(() => safetensors.load(st16)) },
  { what: 'torch.save', bytes: pt.length, ms: timesMs(() => torch.save(sd)) },
  { what: 'safetensors.save', bytes: st.length, ms: timesMs(() => safetensors.save(sd)) },
];
console.table(rows.map((r) => ({
  what: r.what,
  MB: Number(mb(r.bytes).toFixed(1)),
  'best ms': Number(r.ms.best.toFixed(1)),
  'median ms': Number(r.ms.median.toFixed(1)),
  'MB/s (best)': Math.round(mb(r.bytes) / (r.ms.best / 1000)),
})));

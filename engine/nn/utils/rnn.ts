/**
 * Packed sequences, as torch.nn.utils.rnn: a batch of variable-length sequences stored time-major
 * without padding, sorted by length. Packing and padding are row gathers and scatters, so
 * gradients flow through them (padded positions get none).
 */
import { check } from '../../errors.ts';
import { index_add_rows, index_select } from '../../ops/indexing.ts';
import { cat, stack as stackTensors } from '../../ops/views.ts';
import { parseOptions } from '../../options.ts';
import { fromFloat32, full, tensor } from '../../tensor/creation.ts';
import type { Device } from '../../tensor/device.ts';
import type { Tensor } from '../../tensor/tensor.ts';

export class PackedSequence {
  /**
   * @param data [sum(lengths), *] the valid steps, time-major: all batch entries' step 0, then step 1...
   * @param batch_sizes how many sequences are still running at each step (int64, on the CPU)
   * @param sorted_indices original batch index of each sorted position (null when given sorted);
   *   on the CPU like batch_sizes, since only the host reads it (the data may be on the GPU)
   * @param unsorted_indices the inverse permutation (null when given sorted), on the CPU too
   */
  constructor(
    readonly data: Tensor,
    readonly batch_sizes: Tensor,
    readonly sorted_indices: Tensor | null = null,
    readonly unsorted_indices: Tensor | null = null,
  ) {}

  /** Valid length of each batch entry, in the original batch order. */
  lengths(): number[] {
    const sizes = this.batch_sizes.tolist1d();
    const n = sizes[0] ?? 0;
    const sorted = this.sorted_indices?.tolist1d() ?? Array.from({ length: n }, (_, i) => i);
    const out = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) out[sorted[i]!] = sizes.filter((s) => s > i).length;
    return out;
  }
}

/** Rows of a time-major [T * N, *] view that packing picks, in packed order. */
function packedRows(lengths: readonly number[], sorted: readonly number[], N: number): { rows: number[]; batchSizes: number[] } {
  const maxLen = Math.max(0, ...lengths);
  const rows: number[] = [];
  const batchSizes: number[] = [];
  for (let t = 0; t < maxLen; t++) {
    let count = 0;
    for (const b of sorted) {
      if (lengths[b]! > t) {
        rows.push(t * N + b);
        count++;
      }
    }
    batchSizes.push(count);
  }
  return { rows, batchSizes };
}

function intTensor(values: readonly number[], device: Device | 'cpu' = 'cpu'): Tensor {
  return fromFloat32(Float32Array.from(values), [values.length], { dtype: 'int64', device });
}

/** Stable sort of batch indices by decreasing length. */
function sortByLength(lengths: readonly number[]): number[] {
  return lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
}

/**
 * Packs a padded batch. `lengths[b]` is entry b's valid length; with `enforce_sorted` (default
 * true) they must be in decreasing order.
 *
 * @example
 * const packed = torch.nn.utils.rnn.pack_padded_sequence(x, [5, 3, 2], { batch_first: true });
 */
export function pack_padded_sequence(
  input: Tensor,
  lengths: readonly number[] | Tensor,
  options: { batch_first?: boolean; enforce_sorted?: boolean } = {},
): PackedSequence {
  const { batch_first: batchFirst, enforce_sorted: enforceSorted } = parseOptions('pack_padded_sequence', { batch_first: false, enforce_sorted: true }, options);
  if (!Array.isArray(lengths)) {
    const t = lengths as Tensor;
    check(t.device.type === 'cpu' && t.shape.length === 1, () =>
      `'lengths' argument should be a 1D CPU int64 tensor, but got ${t.shape.length}D ${t.device} tensor`,
    );
  }
  const lens = Array.isArray(lengths) ? [...lengths] : (lengths as Tensor).tolist1d();
  check(input.shape.length >= 2, () => `pack_padded_sequence: expected input of at least 2 dims, got ${input.shape.length}D`);
  const x = batchFirst ? input.transpose(0, 1) : input;
  const [T, N] = x.shape as [number, number];
  check(lens.length === N, () =>
    `Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${N})`,
  );
  lens.forEach((l, b) => {
    check(Number.isInteger(l) && l > 0, () =>
      `Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0 (lengths[${b}] = ${l})`,
    );
    check(l <= T, () =>
      `pack_padded_sequence: lengths[${b}] = ${l} exceeds the padded sequence length ${T}; every length must be in [1, ${T}]`,
    );
  });
  if (enforceSorted) {
    check(lens.every((l, i) => i === 0 || lens[i - 1]! >= l), () =>
      '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass ' +
        '`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.',
    );
  }
  const sorted = enforceSorted ? lens.map((_, i) => i) : sortByLength(lens);
  const { rows, batchSizes } = packedRows(lens, sorted, N);
  const flat = x.reshape([T * N, ...x.shape.slice(2)]);
  const data = index_select(flat, 0, intTensor(rows, input.device));
  if (enforceSorted) return new PackedSequence(data, intTensor(batchSizes));
  const unsorted = new Array<number>(N);
  sorted.forEach((b, i) => (unsorted[b] = i));
  return new PackedSequence(data, intTensor(batchSizes), intTensor(sorted), intTensor(unsorted));
}

/**
 * For each row of `sequence.data`, its row in the time-major [T * N, *] padded layout (T the
 * longest length, N the batch, entries in their original order).
 */
export function packedRowsOf(sequence: PackedSequence): number[] {
  const lens = sequence.lengths();
  const sorted = sequence.sorted_indices?.tolist1d() ?? lens.map((_, i) => i);
  return packedRows(lens, sorted, lens.length).rows;
}

/**
 * Pads a packed batch back to a tensor; returns `[padded, lengths]`. `total_length` pads past
 * the longest sequence (to match the original input, say).
 *
 * @example
 * const [out, lengths] = torch.nn.utils.rnn.pad_packed_sequence(packed, { batch_first: true });
 */
export function pad_packed_sequence(
  sequence: PackedSequence,
  options: { batch_first?: boolean; padding_value?: number; total_length?: number } = {},
): [Tensor, Tensor] {
  parseOptions('pad_packed_sequence', { batch_first: false, padding_value: 0, total_length: null as number | null }, options);
  const lens = sequence.lengths();
  const N = lens.length;
  const maxLen = Math.max(0, ...lens);
  const T = options.total_length ?? maxLen;
  check(T >= maxLen, () =>
    `Expected total_length to be at least the length of the longest sequence in input, but got total_length=${T} and max sequence length being ${maxLen}`,
  );
  const rows = packedRowsOf(sequence);
  const device = sequence.data.device;
  const index = intTensor(rows, device);
  const feature = sequence.data.shape.slice(1);
  let padded = index_add_rows(sequence.data, index, T * N);
  const paddingValue = options.padding_value ?? 0;
  if (paddingValue !== 0) {
    // The padding is added where no row landed, and 0 is added where one did, so any padding
    // value (±inf and NaN too) leaves the valid outputs exactly as they are.
    const pad = new Float32Array(T * N).fill(paddingValue);
    for (const r of rows) pad[r] = 0;
    padded = padded.add(fromFloat32(pad, [T * N, ...feature.map(() => 1)], { device }));
  }
  const timeMajor = padded.reshape([T, N, ...feature]);
  const out = options.batch_first ? timeMajor.transpose(0, 1) : timeMajor;
  return [out, tensor(lens, { dtype: 'int64' })];
}

/**
 * Stacks variable-length sequences ([L_i, *] each) into one zero-padded tensor.
 *
 * @example
 * torch.nn.utils.rnn.pad_sequence([a, b], { batch_first: true });
 */
export function pad_sequence(
  sequences: readonly Tensor[],
  options: { batch_first?: boolean; padding_value?: number } = {},
): Tensor {
  parseOptions('pad_sequence', { batch_first: false, padding_value: 0 }, options);
  check(sequences.length > 0, () => 'pad_sequence: received an empty list of sequences');
  const maxLen = Math.max(...sequences.map((s) => s.shape[0] ?? 0));
  const feature = sequences[0]!.shape.slice(1);
  const padded = sequences.map((s) => {
    const missing = maxLen - s.shape[0]!;
    if (missing === 0) return s;
    const pad = full([missing, ...feature], options.padding_value ?? 0, { device: s.device });
    return s.shape[0] === 0 ? pad : cat([s, pad], 0);
  });
  const batched = stackTensors(padded, 1);
  return options.batch_first ? batched.transpose(0, 1) : batched;
}

/**
 * Packs a list of variable-length sequences ([L_i, *] each).
 *
 * @example
 * const packed = torch.nn.utils.rnn.pack_sequence([a, b, c], { enforce_sorted: false });
 */
export function pack_sequence(sequences: readonly Tensor[], options: { enforce_sorted?: boolean } = {}): PackedSequence {
  parseOptions('pack_sequence', { enforce_sorted: true }, options);
  const lengths = sequences.map((s) => s.shape[0] ?? 0);
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted: options.enforce_sorted ?? true });
}

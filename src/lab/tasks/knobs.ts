/**
 * Declared numeric knobs. One declaration drives the sliders, the zod schema and the values a
 * task reads, so a knob's bounds live in exactly one place.
 */

/** A numeric task parameter: a slider in the UI, a bounded number in the schema. */
export interface KnobSpec<Id extends string = string> {
  readonly id: Id;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Slider step; an integer step means the knob only takes integers. */
  readonly step: number;
  readonly default: number;
  /** One sentence on what turning the knob changes. */
  readonly help: string;
}

/** Knob values keyed by the ids of `Specs`. */
export type KnobValues<Specs extends readonly KnobSpec[]> = { readonly [K in Specs[number]['id']]: number };

/**
 * Reads knob values against their declarations: a missing or non-finite value takes the default,
 * others are clamped to [min, max] and integer-step knobs are rounded. The schema reports bad
 * values to the user; this keeps `drawBatch` total whatever it is handed.
 *
 * @example
 * const KNOBS = [{ id: 'delay', label: 'Delay', min: 1, max: 20, step: 1, default: 3, help: '' }] as const;
 * readKnobs(KNOBS, { delay: 99 }).delay; // 20
 */
export function readKnobs<const Specs extends readonly KnobSpec[]>(
  specs: Specs,
  values: Readonly<Record<string, number>>,
): KnobValues<Specs> {
  const out: Record<string, number> = {};
  for (const spec of specs) out[spec.id] = readKnob(spec, values[spec.id]);
  return out as KnobValues<Specs>;
}

/** One knob's effective value; see {@link readKnobs}. */
export function readKnob(spec: KnobSpec, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return spec.default;
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return Number.isInteger(spec.step) ? Math.round(clamped) : clamped;
}

/** The default value of every knob, e.g. to seed a new config. */
export function defaultKnobs(specs: readonly KnobSpec[]): Record<string, number> {
  return Object.fromEntries(specs.map((spec) => [spec.id, spec.default]));
}

/** Throws when a sampler is called outside what the task supports (a runner bug, not user input). */
export function checkSampleArgs(n: number, seqLen: number, range: { readonly min: number; readonly max: number }): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batch size must be a positive integer, got ${n}`);
  if (!Number.isInteger(seqLen) || seqLen < range.min || seqLen > range.max) {
    throw new RangeError(`sequence length must be an integer in [${range.min}, ${range.max}] for this task, got ${seqLen}`);
  }
}

/** The sequence-length slider every task declares, with its own bounds and meaning. */
export function seqLenSpec(min: number, max: number, defaultValue: number, help: string): KnobSpec<'seqLen'> {
  return { id: 'seqLen', label: 'Sequence length', min, max, step: 1, default: defaultValue, help };
}

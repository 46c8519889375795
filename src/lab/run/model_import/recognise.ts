/**
 * Finding models in a file by the names and shapes of its tensors alone: every group of keys
 * shaped like an `nn.RNN`, `nn.LSTM` or `nn.GRU` state_dict (or their `*Cell`s) under any prefix
 * (`model.encoder.rnn.weight_ih_l0`, ...), with its constructor arguments read off the shapes,
 * and the `Linear` that reads its output. Pure: names and shapes in, plain descriptions out; it
 * never sees the tensors' values, so it runs on what a file's header says.
 *
 * Lives beside `model.ts` (in lab/run) because it maps onto that model's parameter names, and
 * because the page's dialog shows its results: the worker protocol may import lab/run's types.
 */

/** A tensor as the file names it: the dotted path (`model.encoder.rnn.weight_ih_l0`) and its shape. */
export interface NamedShape {
  name: string;
  shape: readonly number[];
}

/** What the gates multiply a layer's rows by: weight_ih_l0 has `gates * hidden_size` rows. */
export const RECURRENT_KINDS = { RNN: 1, GRU: 3, LSTM: 4 } as const;
export type RecurrentKind = keyof typeof RECURRENT_KINDS;

/** A Linear (`prefix.weight` [out, in], optional `prefix.bias` [out]) that reads a recurrent group's output. */
export interface FoundHead {
  prefix: string;
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
}

/** One recurrent module found in a file, with the constructor arguments its shapes say. */
export interface FoundModel {
  kind: RecurrentKind;
  /** True for `nn.RNNCell` / `nn.LSTMCell` / `nn.GRUCell` keys (no `_l0` suffix): one layer, one direction. */
  cell: boolean;
  /** The dotted path before the parameter names, '' at the top level. */
  prefix: string;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  bidirectional: boolean;
  /** The Linear applied to its output, when the file has one whose in_features is its output size. */
  head: FoundHead | null;
  /** Source tensor name for each of the app's `rnn.*` parameter names (weight_ih_l0, ..., weight_hh_l0_reverse). */
  parameters: Record<string, string>;
}

/** A group of recurrent keys whose shapes do not fit together, and why. */
export interface MisfitGroup {
  prefix: string;
  message: string;
}

export interface Recognised {
  models: FoundModel[];
  misfits: MisfitGroup[];
}

const LAYER_KEY = /^(?:(.*)\.)?(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?$/;
const CELL_KEY = /^(?:(.*)\.)?(weight_ih|weight_hh|bias_ih|bias_hh)$/;
const PARTS = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const;

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const joinName = (prefix: string, key: string) => (prefix === '' ? key : `${prefix}.${key}`);

class Misfit extends Error {}
const misfit = (message: string): never => {
  throw new Misfit(message);
};

/**
 * Every recurrent module and Linear head in a file's tensors, in file order.
 *
 * @example
 * recogniseModels([{ name: 'encoder.rnn.weight_ih_l0', shape: [16, 4] }, { name: 'encoder.rnn.weight_hh_l0', shape: [16, 16] }, ...])
 * // { models: [{ kind: 'RNN', prefix: 'encoder.rnn', inputSize: 4, hiddenSize: 16, numLayers: 1, ... }], misfits: [] }
 */
export function recogniseModels(tensors: readonly NamedShape[]): Recognised {
  const shapes = new Map(tensors.map((t) => [t.name, t.shape]));
  const layered = new Map<string, Map<string, readonly number[]>>();
  const cells = new Map<string, Map<string, readonly number[]>>();
  for (const { name, shape } of tensors) {
    const layer = LAYER_KEY.exec(name);
    const cell = layer === null ? CELL_KEY.exec(name) : null;
    const match = layer ?? cell;
    if (match === null) continue;
    const prefix = match[1] ?? '';
    const groups = layer !== null ? layered : cells;
    const group = groups.get(prefix) ?? new Map<string, readonly number[]>();
    group.set(name.slice(prefix === '' ? 0 : prefix.length + 1), shape);
    groups.set(prefix, group);
  }
  const models: FoundModel[] = [];
  const misfits: MisfitGroup[] = [];
  const attempt = (prefix: string, read: () => Omit<FoundModel, 'head'>) => {
    try {
      const model = read();
      models.push({ ...model, head: findHead(shapes, model) });
    } catch (error) {
      if (!(error instanceof Misfit)) throw error;
      misfits.push({ prefix, message: error.message });
    }
  };
  for (const [prefix, keys] of layered) attempt(prefix, () => readLayered(prefix, keys));
  // A cell group needs both weights: a lone `weight_ih` elsewhere is some other module's.
  for (const [prefix, keys] of cells) if (keys.has('weight_ih') && keys.has('weight_hh')) attempt(prefix, () => readCell(prefix, keys));
  return { models, misfits };
}

/** The gate count and hidden size from weight_hh's shape [gates * H, H]. */
function gatesOf(prefix: string, key: string, shape: readonly number[] | undefined): { kind: RecurrentKind; hidden: number } {
  const where = joinName(prefix, key);
  if (shape === undefined) return misfit(`${where} is missing`);
  if (shape.length !== 2) return misfit(`${where} has shape ${shapeText(shape)}; a recurrent weight is 2-D, [gates × hidden_size, hidden_size]`);
  const [rows, hidden] = shape as [number, number];
  const kind = (Object.keys(RECURRENT_KINDS) as RecurrentKind[]).find((k) => RECURRENT_KINDS[k] * hidden === rows);
  if (kind === undefined || hidden === 0) {
    return misfit(`${where} has shape ${shapeText(shape)}: its rows are not 1, 3 or 4 times its columns (nn.RNN, nn.GRU, nn.LSTM)`);
  }
  return { kind, hidden };
}

function expectShape(prefix: string, key: string, keys: Map<string, readonly number[]>, want: readonly number[]): void {
  const got = keys.get(key);
  const where = joinName(prefix, key);
  if (got === undefined) misfit(`${where} is missing (the other keys say it should have shape ${shapeText(want)})`);
  else if (got.join() !== want.join()) misfit(`${where} has shape ${shapeText(got)}; the rest of the model needs ${shapeText(want)}`);
}

function readLayered(prefix: string, keys: Map<string, readonly number[]>): Omit<FoundModel, 'head'> {
  const { kind, hidden } = gatesOf(prefix, 'weight_hh_l0', keys.get('weight_hh_l0'));
  const rows = RECURRENT_KINDS[kind] * hidden;
  const layers = 1 + Math.max(...[...keys.keys()].map((k) => Number(LAYER_KEY.exec(k)?.[3] ?? 0)));
  const bidirectional = [...keys.keys()].some((k) => k.endsWith('_reverse'));
  const bias = keys.has('bias_ih_l0');
  const projected = keys.has('weight_hr_l0');
  if (projected) misfit(`${joinName(prefix, 'weight_hr_l0')} is an LSTM projection (proj_size): the app does not open projected LSTMs`);
  const wih0 = keys.get('weight_ih_l0');
  if (wih0 === undefined || wih0.length !== 2) return misfit(`${joinName(prefix, 'weight_ih_l0')} is ${wih0 === undefined ? 'missing' : `shaped ${shapeText(wih0)}`}; it should be [${rows}, input_size]`);
  const inputSize = wih0[1]!;
  const directions = bidirectional ? 2 : 1;
  const parameters: Record<string, string> = {};
  const expected = new Set<string>();
  for (let layer = 0; layer < layers; layer++) {
    for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
      const width = layer === 0 ? inputSize : directions * hidden;
      const want: Record<(typeof PARTS)[number], readonly number[]> = { weight_ih: [rows, width], weight_hh: [rows, hidden], bias_ih: [rows], bias_hh: [rows] };
      for (const part of PARTS) {
        if (!bias && part.startsWith('bias')) continue;
        const key = `${part}_l${layer}${suffix}`;
        expectShape(prefix, key, keys, want[part]);
        parameters[key] = joinName(prefix, key);
        expected.add(key);
      }
    }
  }
  const stray = [...keys.keys()].find((k) => !expected.has(k));
  if (stray !== undefined) misfit(`${joinName(prefix, stray)} does not belong to ${describeArgs(kind, false, inputSize, hidden, layers, bias, bidirectional)}`);
  return { kind, cell: false, prefix, inputSize, hiddenSize: hidden, numLayers: layers, bias, bidirectional, parameters };
}

function readCell(prefix: string, keys: Map<string, readonly number[]>): Omit<FoundModel, 'head'> {
  const { kind, hidden } = gatesOf(prefix, 'weight_hh', keys.get('weight_hh'));
  const rows = RECURRENT_KINDS[kind] * hidden;
  const wih = keys.get('weight_ih')!;
  if (wih.length !== 2 || wih[0] !== rows) return misfit(`${joinName(prefix, 'weight_ih')} has shape ${shapeText(wih)}; it should be [${rows}, input_size]`);
  const bias = keys.has('bias_ih') || keys.has('bias_hh');
  if (bias) for (const part of ['bias_ih', 'bias_hh']) expectShape(prefix, part, keys, [rows]);
  const parameters: Record<string, string> = {};
  for (const part of PARTS) if (keys.has(part)) parameters[`${part}_l0`] = joinName(prefix, part);
  return { kind, cell: true, prefix, inputSize: wih[1]!, hiddenSize: hidden, numLayers: 1, bias, bidirectional: false, parameters };
}

/**
 * The Linear reading the model's output (in_features = directions × hidden_size): of those, the
 * one whose path shares the most leading parts with the model's (a sibling before a stranger),
 * the later one on a tie (a head comes after what it reads).
 */
function findHead(shapes: ReadonlyMap<string, readonly number[]>, model: Omit<FoundModel, 'head'>): FoundHead | null {
  const width = (model.bidirectional ? 2 : 1) * model.hiddenSize;
  const own = new Set(Object.values(model.parameters));
  const parts = model.prefix === '' ? [] : model.prefix.split('.');
  let best: { head: FoundHead; shared: number } | null = null;
  for (const [name, shape] of shapes) {
    if (!name.endsWith('weight') || own.has(name) || !(name === 'weight' || name.endsWith('.weight'))) continue;
    if (shape.length !== 2 || shape[1] !== width) continue;
    const prefix = name.slice(0, -'weight'.length).replace(/\.$/, '');
    const biasShape = shapes.get(joinName(prefix, 'bias'));
    if (biasShape !== undefined && biasShape.join() !== String(shape[0])) continue;
    const theirs = prefix === '' ? [] : prefix.split('.');
    let shared = 0;
    while (shared < Math.min(parts.length, theirs.length) && parts[shared] === theirs[shared]) shared++;
    if (best === null || shared >= best.shared) best = { head: { prefix, inFeatures: width, outFeatures: shape[0]!, bias: biasShape !== undefined }, shared };
  }
  return best?.head ?? null;
}

function describeArgs(kind: RecurrentKind, cell: boolean, input: number, hidden: number, layers: number, bias: boolean, bidirectional: boolean): string {
  const extra = [layers > 1 ? `num_layers=${layers}` : '', bias ? '' : 'bias=False', bidirectional ? 'bidirectional=True' : ''].filter((s) => s !== '');
  return `nn.${kind}${cell ? 'Cell' : ''}(${[String(input), String(hidden), ...extra].join(', ')})`;
}

/** PyTorch's constructor call for the module: "nn.RNN(4, 16, num_layers=3)". */
export function describeModule(m: FoundModel): string {
  return describeArgs(m.kind, m.cell, m.inputSize, m.hiddenSize, m.numLayers, m.bias, m.bidirectional);
}

/** Where a path is, in words: "at encoder.rnn", or "at the top level" for ''. */
export function describePlace(prefix: string): string {
  return prefix === '' ? 'at the top level' : `at ${prefix}`;
}

/** One line for the dialog: "nn.RNN(4, 16, num_layers=3) at encoder.rnn, Linear(16 → 4) at readout". */
export function summarise(m: FoundModel): string {
  const head = m.head === null ? ', no Linear head' : `, Linear(${m.head.inFeatures} → ${m.head.outFeatures}${m.head.bias ? '' : ', bias=False'}) ${describePlace(m.head.prefix)}`;
  return `${describeModule(m)} ${describePlace(m.prefix)}${head}`;
}

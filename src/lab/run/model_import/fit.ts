/**
 * Whether the app can run a found model, and how: the app trains and steps through Elman RNNs
 * (`SequenceModel`: nn.RNN, then a Linear on every step), fed by the "Your numbers" task, whose
 * input and output are the same channels. So an opened model needs input_size channels of data,
 * and its head is kept when it maps back to input_size values; otherwise the app puts a fresh
 * Linear head in its place (the hidden states are the model's own either way).
 */
import { CSV_LIMITS } from '../../tasks/csv.ts';
import { CONFIG_FIELDS } from '../../config/fields.ts';
import { describeModule, type FoundModel } from './recognise.ts';

const LIMITS = { hiddenSize: CONFIG_FIELDS.hiddenSize, numLayers: CONFIG_FIELDS.numLayers };

/** Why the app cannot open `m`, in a sentence; null when it can. */
export function whyNotOpenable(m: FoundModel): string | null {
  const name = describeModule(m);
  if (m.kind !== 'RNN') {
    const article = m.kind === 'LSTM' ? 'an' : 'a';
    return `This is ${article} ${name}: the app opens nn.RNN models only for now (an ${m.kind}'s weights have ${m.kind === 'LSTM' ? 4 : 3} × hidden_size rows, one block per gate).`;
  }
  if (m.hiddenSize > LIMITS.hiddenSize.max) return `${name} has hidden_size ${m.hiddenSize}; the app runs models with hidden_size up to ${LIMITS.hiddenSize.max}.`;
  if (m.numLayers > LIMITS.numLayers.max) return `${name} has ${m.numLayers} layers; the app runs models with up to ${LIMITS.numLayers.max}.`;
  if (m.inputSize < 1 || m.inputSize > CSV_LIMITS.maxChannels) {
    return `${name} takes ${m.inputSize} inputs a step; the app feeds opened models through "Your numbers", which has 1 to ${CSV_LIMITS.maxChannels} channels.`;
  }
  return null;
}

/** Whether the model's own head can stay: it must map the RNN's output to input_size values. */
export function keepsHead(m: FoundModel): boolean {
  return m.head !== null && m.head.outFeatures === m.inputSize;
}

/** What opening `m` does, for the dialog: the task it runs on, and what happens to its head. */
export function openingPlan(m: FoundModel): string {
  const width = (m.bidirectional ? 2 : 1) * m.hiddenSize;
  const task =
    `It runs on the "Your numbers" task with ${m.inputSize} channel${m.inputSize === 1 ? '' : 's'}, fed as they are (not standardised), ` +
    `because that task's input and output are both ${m.inputSize} values a step, as this model's are; paste your own sequences there to step through them.`;
  if (keepsHead(m)) return `${task} The Linear head ${m.head!.prefix} gives the outputs.`;
  const why = m.head === null ? 'The file has no Linear reading its output' : `Its head gives ${m.head.outFeatures} values, not ${m.inputSize}`;
  return `${task} ${why}, so the app adds a new Linear(${width} → ${m.inputSize}) head, initialised at random: the hidden states are the model's own, the outputs mean nothing until it trains.`;
}

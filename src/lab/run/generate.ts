/**
 * Free-running text from a character model: feed a prompt, then feed each sampled character back
 * in, carrying h_n between calls (one fused RNN step per character, not the whole prefix again).
 */
import { torch } from 'engine';
import type { SequenceModel } from './model.ts';
import { Rng } from '../tasks/rng.ts';
import { decodeIds, sampleWithTemperature, type CharVocab } from '../tasks/index.ts';
import { oneHot } from '../tasks/symbols.ts';

function oneHotTensor(ids: readonly number[], size: number): torch.Tensor {
  return torch.tensor(oneHot(ids, size), { shape: [1, ids.length, size] });
}

/**
 * `length` characters after `promptIds`, sampled at `temperature` with its own seeded stream, so
 * generating never shifts the training data. Unidirectional models only: a reverse direction
 * would need characters that do not exist yet.
 */
export function generateText(model: SequenceModel, vocab: CharVocab, promptIds: readonly number[], length: number, temperature: number, seed: number): string {
  const size = vocab.chars.length;
  const rng = new Rng(seed);
  const wasTraining = model.training;
  model.eval();
  const out: number[] = [];
  torch.no_grad(() => {
    let [output, h] = model.rnn.forward(oneHotTensor(promptIds.length > 0 ? promptIds : [0], size));
    for (let i = 0; i < length; i++) {
      const last = output.select(1, output.shape[1]! - 1);
      const logits = model.head.forward(last).toFloat32Array();
      const next = sampleWithTemperature(logits, temperature, rng);
      out.push(next);
      [output, h] = model.rnn.forward(oneHotTensor([next], size), h);
    }
  });
  if (wasTraining) model.train();
  return decodeIds(vocab, out);
}

/** Losses, softmax, dropout and embeddings, on hand-computed values. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

const F = torch.nn.functional;

describe('losses', () => {
  it('mse_loss reduces by mean, sum or none', () => {
    const a = torch.tensor([1, 2, 3]);
    const b = torch.tensor([1, 0, 0]);
    expect(F.mse_loss(a, b).item()).toBeCloseTo(13 / 3, 6);
    expect(F.mse_loss(a, b, { reduction: 'sum' }).item()).toBe(13);
    expect(F.mse_loss(a, b, { reduction: 'none' }).tolist()).toEqual([0, 4, 9]);
  });

  it('cross_entropy on (N, C) logits equals -log softmax at the target, averaged', () => {
    const logits = torch.tensor([[2, 1, 0], [0, 0, 0]], { requires_grad: true });
    const target = torch.tensor([0, 2], { dtype: 'int64' });
    const loss = F.cross_entropy(logits, target);
    const l0 = -(2 - Math.log(Math.exp(2) + Math.exp(1) + 1));
    const l1 = Math.log(3);
    expect(loss.item()).toBeCloseTo((l0 + l1) / 2, 6);
    loss.backward();
    // d/dlogits = (softmax - onehot) / N
    const g = logits.grad!.tolist() as number[][];
    expect(g[1]![2]).toBeCloseTo((1 / 3 - 1) / 2, 6);
  });

  it('cross_entropy skips ignore_index and accepts (N, C, T) logits', () => {
    const logits = torch.zeros([2, 4, 3]);
    const target = torch.tensor([[1, -100, 3], [0, 2, -100]], { dtype: 'int64' });
    expect(F.cross_entropy(logits, target).item()).toBeCloseTo(Math.log(4), 6);
    expect(F.cross_entropy(logits, target, { reduction: 'sum' }).item()).toBeCloseTo(4 * Math.log(4), 5);
    expect(() => F.cross_entropy(torch.zeros([2, 3]), torch.tensor([0, 3], { dtype: 'int64' }))).toThrow('Target 3 is out of bounds');
    expect(() => F.cross_entropy(torch.zeros([2, 3]), torch.tensor([0], { dtype: 'int64' }))).toThrow('Expected input batch_size (2) to match target batch_size (1).');
  });

  it('log_softmax is stable for huge logits; softmax sums to one', () => {
    const y = F.log_softmax(torch.tensor([1000, 0]), 0).tolist() as number[];
    expect(y[0]).toBe(0);
    expect(y[1]).toBe(-1000);
    const p = F.softmax(torch.tensor([[1, 2, 3], [0, 0, 0]]), 1).sum(1).tolist() as number[];
    p.forEach((v) => expect(v).toBeCloseTo(1, 6));
  });
});

describe('dropout', () => {
  it('zeroes about p of the elements and scales the rest in training; identity in eval', () => {
    torch.manual_seed(0);
    const x = torch.ones([10000]);
    const y = F.dropout(x, 0.3, true).tolist1d();
    const kept = y.filter((v) => v !== 0);
    expect(kept.length / y.length).toBeGreaterThan(0.67);
    expect(kept.length / y.length).toBeLessThan(0.73);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(F.dropout(x, 0.3, false)).toBe(x);
    const drop = new torch.nn.Dropout(0.5).eval();
    expect(drop.forward(x)).toBe(x);
  });

  it('is seeded: the same seed drops the same elements', () => {
    torch.manual_seed(3);
    const a = F.dropout(torch.ones([50]), 0.5).tolist1d();
    torch.manual_seed(3);
    expect(F.dropout(torch.ones([50]), 0.5).tolist1d()).toEqual(a);
  });

  it("nn.RNN applies dropout between layers only in training mode", () => {
    torch.manual_seed(1);
    const rnn = new torch.nn.RNN(3, 8, { num_layers: 2, dropout: 0.5 });
    const x = torch.randn([4, 2, 3]);
    const [evalA] = rnn.eval().forward(x);
    const [evalB] = rnn.forward(x);
    expect(evalA.tolist()).toEqual(evalB.tolist());
    const [trainA] = rnn.train().forward(x);
    expect(trainA.tolist()).not.toEqual(evalA.tolist());
  });
});

describe('embedding', () => {
  it('looks up rows and sends gradients back to them', () => {
    const emb = new torch.nn.Embedding(5, 3);
    const ids = torch.tensor([[1, 4], [1, 0]], { dtype: 'int64' });
    const y = emb.forward(ids);
    expect(y.shape).toEqual([2, 2, 3]);
    expect((y.tolist() as number[][][])[0]![0]).toEqual((emb.weight.tolist() as number[][])[1]);
    y.sum().backward();
    expect((emb.weight.grad!.tolist() as number[][]).map((r) => r[0])).toEqual([1, 2, 0, 0, 1]);
    expect(() => emb.forward(torch.tensor([5], { dtype: 'int64' }))).toThrow('index 5 is out of bounds for dimension 0 with size 5');
  });

  it('from_pretrained shares the given table, frozen unless freeze is false', () => {
    const table = torch.tensor([[1, 2], [3, 4]]);
    const frozen = torch.nn.Embedding.from_pretrained(table);
    expect(frozen.weight.requires_grad).toBe(false);
    expect(frozen.forward(torch.tensor([1], { dtype: 'int64' })).tolist()).toEqual([[3, 4]]);
    const trainable = torch.nn.Embedding.from_pretrained(table, { freeze: false, padding_idx: 0 });
    expect(trainable.weight.requires_grad).toBe(true);
    expect(trainable.weight.tolist()).toEqual([[1, 2], [3, 4]]); // a given table keeps its padding row
  });
});

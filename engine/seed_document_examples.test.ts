/**
 * The examples of the API document the project started from (shared/seeds/000_*), run on the
 * engine with small sizes and the elided parts filled in.
 */
import { describe, expect, it } from 'vitest';
import { torch } from './index.ts';

describe('seed document examples', () => {
  it('processes a sequence one step at a time with RNNCell and stacks the outputs', () => {
    const rnn_cell = new torch.nn.RNNCell(4, 6);
    const x = torch.randn([3, 5, 4]);
    let h = torch.zeros([3, 6]);
    const outputs: torch.Tensor[] = [];
    for (let t = 0; t < 5; t++) {
      h = rnn_cell.forward(x.select(1, t), h);
      outputs.push(h);
    }
    const output = torch.stack(outputs, 1);
    expect(output.shape).toEqual([3, 5, 6]);
  });

  it('runs a custom decoder module with attention between RNNCell steps', () => {
    class DotAttention extends torch.nn.Module {
      override forward(h: torch.Tensor, encoder_output: torch.Tensor): torch.Tensor {
        // scores [N, S] = <h, enc_s>; context = softmax(scores) . enc
        const scores = encoder_output.matmul(h.unsqueeze(2)).squeeze(2);
        const weights = torch.nn.functional.softmax(scores, -1);
        return weights.unsqueeze(1).matmul(encoder_output).squeeze(1);
      }
    }
    class AttentiveRNNDecoder extends torch.nn.Module {
      rnn_cell: torch.nn.RNNCell;
      attention: torch.nn.Module & { forward(h: torch.Tensor, e: torch.Tensor): torch.Tensor };
      output_proj: torch.nn.Linear;
      constructor() {
        super();
        this.rnn_cell = new torch.nn.RNNCell(4, 8);
        this.attention = new DotAttention();
        this.output_proj = new torch.nn.Linear(16, 10);
      }
      override forward(encoder_output: torch.Tensor, target_seq: torch.Tensor): torch.Tensor {
        let h = torch.zeros([encoder_output.shape[0]!, 8]);
        const outputs: torch.Tensor[] = [];
        for (let t = 0; t < target_seq.shape[1]!; t++) {
          h = this.rnn_cell.forward(target_seq.select(1, t), h);
          const context = this.attention.forward(h, encoder_output);
          const combined = torch.cat([h, context], -1);
          outputs.push(this.output_proj.forward(combined));
        }
        return torch.stack(outputs, 1);
      }
    }
    const decoder = new AttentiveRNNDecoder();
    const logits = decoder.forward(torch.randn([2, 7, 8]), torch.randn([2, 3, 4]));
    expect(logits.shape).toEqual([2, 3, 10]);
    expect(decoder.named_parameters().map(([n]) => n)).toEqual([
      'rnn_cell.weight_ih', 'rnn_cell.weight_hh', 'rnn_cell.bias_ih', 'rnn_cell.bias_hh',
      'output_proj.weight', 'output_proj.bias',
    ]);
    logits.sum().backward();
    expect(decoder.rnn_cell.weight_hh.grad!.shape).toEqual([8, 8]);
  });

  it('teacher-forces, then free-runs with argmax sampling', () => {
    const rnn = new torch.nn.RNNCell(5, 8);
    const vocab_proj = new torch.nn.Linear(8, 5);
    const target_embeddings = torch.randn([4, 1, 5]);
    let h = torch.zeros([1, 8]);
    for (let t = 0; t < 4; t++) h = rnn.forward(target_embeddings.select(0, t), h);
    const sampled: torch.Tensor[] = [];
    let h_input = torch.zeros([1, 5]);
    for (let t = 0; t < 6; t++) {
      h = rnn.forward(h_input, h);
      const logits = vocab_proj.forward(h);
      const token = torch.argmax(logits, -1);
      sampled.push(token);
      h_input = torch.zeros([1, 5]).add(torch.arange(0, 5, 1).eq(token.item()));
    }
    expect(sampled.map((s) => s.item()).every((v) => Number.isInteger(v) && v >= 0 && v < 5)).toBe(true);
  });

  it('compares tanh and relu cells (positional bias and nonlinearity)', () => {
    const rnn_tanh = new torch.nn.RNNCell(4, 6, true, 'tanh');
    const rnn_relu = new torch.nn.RNNCell(4, 6, true, 'relu');
    const x = torch.randn([3, 4]);
    const h = torch.randn([3, 6]);
    const h_tanh = rnn_tanh.forward(x, h).tolist1d();
    const h_relu = rnn_relu.forward(x, h).tolist1d();
    expect(h_tanh.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(h_relu.every((v) => v >= 0)).toBe(true);
  });

  it("runs PyTorch's nn.RNN documentation example: input (5, 3, 10), h0 (2, 3, 20), two layers", () => {
    const rnn = new torch.nn.RNN(10, 20, 2);
    const input = torch.randn([5, 3, 10]);
    const h0 = torch.randn([2, 3, 20]);
    const [output, hn] = rnn.forward(input, h0);
    expect(output.shape).toEqual([5, 3, 20]);
    expect(hn.shape).toEqual([2, 3, 20]);
    // The last step of the output is the last layer's final state.
    expect(output.select(0, 4).tolist()).toEqual(hn.select(0, 1).tolist());
  });
});

/** Wrong input gets PyTorch-like messages naming the expected and actual values. */
import { describe, expect, it } from 'vitest';
import { torch } from '../index.ts';

const { pack_padded_sequence, pad_packed_sequence } = torch.nn.utils.rnn;

describe('nn.RNN input checks', () => {
  const rnn = new torch.nn.RNN(3, 4, { num_layers: 2 });
  it('rejects input of the wrong rank', () => {
    expect(() => rnn.forward(torch.zeros([2, 2, 2, 3]))).toThrow('RNN: Expected input to be 2D or 3D, got 4D tensor instead');
  });
  it('rejects input.size(-1) != input_size', () => {
    expect(() => rnn.forward(torch.zeros([5, 2, 7]))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 7');
  });
  it('rejects h_0 of the wrong shape and a batch mismatch', () => {
    expect(() => rnn.forward(torch.zeros([5, 2, 3]), torch.zeros([1, 2, 4]))).toThrow('Expected hidden size (2, 2, 4), got [1, 2, 4]');
    expect(() => rnn.forward(torch.zeros([5, 2, 3]), torch.zeros([2, 3, 4]))).toThrow('Expected hidden size (2, 2, 4), got [2, 3, 4]');
    expect(() => rnn.forward(torch.zeros([5, 3]), torch.zeros([2, 1, 4]))).toThrow(
      'For unbatched 2-D input, hx should also be 2-D but got 3-D tensor',
    );
  });
  it('rejects an unknown nonlinearity and dropout outside [0, 1]', () => {
    expect(() => new torch.nn.RNN(3, 4, { nonlinearity: 'gelu' as 'tanh' })).toThrow(
      "Unknown nonlinearity 'gelu'. Select from 'tanh' or 'relu'.",
    );
    expect(() => new torch.nn.RNN(3, 4, { dropout: 1.5 })).toThrow(
      'dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got 1.5',
    );
    expect(() => new torch.nn.RNNCell(3, 4, true, 'sigmoid' as 'tanh')).toThrow("Unknown nonlinearity 'sigmoid'");
  });
});

describe('nn.RNNCell input checks', () => {
  const cell = new torch.nn.RNNCell(3, 4);
  it('names rank, size and batch mismatches', () => {
    expect(() => cell.forward(torch.zeros([1, 2, 3]))).toThrow('RNNCell: Expected input to be 1D or 2D, got 3D instead');
    expect(() => cell.forward(torch.zeros([2, 5]))).toThrow('input has inconsistent input_size: got 5 expected 3');
    expect(() => cell.forward(torch.zeros([2, 3]), torch.zeros([3, 4]))).toThrow("Input batch size 2 doesn't match hidden0 batch size 3");
    expect(() => cell.forward(torch.zeros([2, 3]), torch.zeros([2, 5]))).toThrow('hidden0 has inconsistent hidden_size: got 5, expected 4');
  });
});

describe('packing checks', () => {
  const x = torch.zeros([5, 3, 2]);
  it('lengths must match the batch', () => {
    expect(() => pack_padded_sequence(x, [5, 3])).toThrow('Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)');
  });
  it('lengths must be sorted with enforce_sorted', () => {
    expect(() => pack_padded_sequence(x, [3, 5, 2])).toThrow('`lengths` array must be sorted in decreasing order when `enforce_sorted` is True');
    expect(() => pack_padded_sequence(x, [3, 5, 2], { enforce_sorted: false })).not.toThrow();
  });
  it('lengths may not exceed the sequence or be zero', () => {
    expect(() => pack_padded_sequence(x, [6, 3, 2])).toThrow('lengths[0] = 6 exceeds the padded sequence length 5');
    expect(() => pack_padded_sequence(x, [5, 3, 0])).toThrow('Length of all samples has to be greater than 0');
  });
  it('total_length must cover the longest sequence', () => {
    const packed = pack_padded_sequence(x, [5, 3, 2]);
    expect(() => pad_packed_sequence(packed, { total_length: 4 })).toThrow(
      'Expected total_length to be at least the length of the longest sequence in input, but got total_length=4 and max sequence length being 5',
    );
  });
});

describe('load_state_dict checks', () => {
  it('names missing, unexpected and mis-shaped keys', () => {
    const rnn = new torch.nn.RNN(3, 4);
    const state = rnn.state_dict();
    const { bias_hh_l0: _dropped, ...missing } = state;
    expect(() => rnn.load_state_dict(missing)).toThrow('Missing key(s) in state_dict: "bias_hh_l0"');
    expect(() => rnn.load_state_dict({ ...state, extra: torch.zeros([1]) })).toThrow('Unexpected key(s) in state_dict: "extra"');
    expect(() => rnn.load_state_dict({ ...state, weight_ih_l0: torch.zeros([4, 2]) })).toThrow(
      'size mismatch for weight_ih_l0: copying a param with shape torch.Size([4, 2]) from checkpoint, the shape in current model is torch.Size([4, 3]).',
    );
    expect(rnn.load_state_dict(missing, { strict: false }).missing_keys).toEqual(['bias_hh_l0']);
  });
});

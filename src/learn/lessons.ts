/** The Learn section's short explanations, each pointing at the preset that shows it. */
export interface Lesson {
  id: string;
  title: string;
  paragraphs: string[];
  /** Preset id (see lab/config/presets.ts) that demonstrates it. */
  preset: string;
  try: string;
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'hidden-state',
    title: 'What is a hidden state?',
    paragraphs: [
      'An RNN reads a sequence one step at a time. At each step t it mixes the new input x_t with what it carried from the step before, h_{t-1}, and squashes the sum: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh).',
      'That vector h_t is the hidden state: the network’s whole memory of the sequence so far. Everything the output at step t knows about the past has to fit in it.',
    ],
    preset: 'parity-memory',
    try: 'Train the parity preset, then move the cursor in Forward mode and look for units of h_t that change sign when a 1 arrives and hold still on a 0.',
  },
  {
    id: 'vanishing',
    title: 'Why gradients vanish with tanh over long sequences',
    paragraphs: [
      'Backpropagation through time multiplies the gradient by W_hh and by tanh’s slope (at most 1, often much less) once per step it travels back. Over 40 steps, a factor of 0.8 per step leaves 0.8^40 ≈ 0.0001 of it.',
      'So the early steps barely learn anything about the loss at the end: the network cannot pick up dependencies that span long gaps.',
    ],
    preset: 'vanishing-tanh',
    try: 'Open it, switch to Backward, and walk the cursor from the last step to the first: watch ‖dL/dh_t‖ and the ratio per step.',
  },
  {
    id: 'exploding',
    title: 'Exploding gradients, and what clipping does',
    paragraphs: [
      'With relu nothing squashes the state, and when W_hh’s spectral radius is above 1 the gradient grows at each step back instead. One huge update then throws the weights far away, and the loss turns into NaN.',
      'clip_grad_norm_(max_norm) rescales the whole gradient whenever its norm is larger than max_norm: the direction stays, the step stays bounded.',
    ],
    preset: 'clipping-rescue',
    try: 'Compare with the “Exploding gradients with relu” preset, which pauses with the step and the place where the NaN appeared.',
  },
  {
    id: 'bidirectional',
    title: 'What bidirectional buys',
    paragraphs: [
      'A bidirectional RNN runs a second RNN from the end of the sequence to its start and concatenates the two hidden states at each step. The output at step t can then use the future as well as the past.',
      'That matters when the answer at t depends on what comes later: reversing a sequence is the extreme case.',
    ],
    preset: 'reverse-bidirectional',
    try: 'Train it, then open “Unidirectional on reversal” and compare the accuracy after the same number of steps.',
  },
];

/** torch.nn.utils: packed sequences (`utils.rnn`) and gradient clipping. */
export * as rnn from './rnn.ts';
export { clip_grad_norm_, clip_grad_value_ } from './clip_grad.ts';
